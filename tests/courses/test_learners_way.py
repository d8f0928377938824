"""The learner's way (#21): the course page says what earns its certificate (from the
completion rule, in words) and where the learner stands against it; done lessons are ticked
with words, not colour alone; after the last lesson the lesson page shows the next step (the
quiz, a session, the certificate); a quiz result links back to the course."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from courses.services import enrollment_create, lesson_complete, quiz_attempt_submit

from ..factories.certificates import CertificateFactory, CompletionRuleFactory
from ..factories.cms import translate
from ..factories.courses import french_catalog
from ..factories.learning import QuizPageFactory, course_with_lessons, right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(trainer_association):
    course, lessons = course_with_lessons(association=trainer_association, lessons=3)
    quiz = QuizPageFactory(parent=course, pass_mark=60, title="اختبار بعدي")
    CompletionRuleFactory(
        course=course,
        require_all_lessons=True,
        quiz=quiz,
        quiz_min_score=Decimal("70"),
        min_attendance_share=Decimal("0.80"),
        valid_for_months=None,
    )
    return {"page": course, "lessons": lessons, "quiz": quiz}


@pytest.fixture
def enrolled(course, citizen, client):
    client.force_login(citizen)
    return enrollment_create(learner=citizen, course=course["page"], by=citizen)


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_reads_what_earns_the_certificate_in_words(client, course):
    with translation.override("fr"):
        lessons = ngettext(
            "Finish the course's only lesson.", "Finish all %(count)s lessons.", 3
        ) % {"count": 3}
        title = gettext("What earns the certificate")
    section = course["page"].get_parent()
    french_catalog(section.get_parent().specific)
    translate(section.specific, "fr")
    french = translate(course["page"], "fr", title="Cours")
    html = _html(client.get(french.url))
    assert title in html
    assert escape(lessons) in html
    assert "70" in html and "80" in html
    # The quiz has no French translation yet: its Arabic title is marked as Arabic.
    assert '<span lang="ar" dir="rtl">اختبار بعدي</span>' in html


def test_the_plural_follows_the_lesson_count_in_arabic(client, trainer_association):
    course, _lessons = course_with_lessons(association=trainer_association, lessons=1)
    CompletionRuleFactory(course=course, require_all_lessons=True, quiz=None)
    with translation.override("ar"):
        one = ngettext("Finish the course's only lesson.", "Finish all %(count)s lessons.", 1)
    html = _html(client.get(course.url))
    assert escape(one % {"count": 1}) in html


def test_a_course_without_a_rule_promises_no_certificate(client, trainer_association):
    course, _lessons = course_with_lessons(association=trainer_association, lessons=1)
    with translation.override("ar"):
        title = gettext("What earns the certificate")
    assert title not in _html(client.get(course.url))


def test_the_learner_sees_their_progress_against_each_condition(client, course, enrolled):
    lesson_complete(enrollment=enrolled, lesson=course["lessons"][0])
    html = _html(client.get(course["page"].url))
    with translation.override("ar"):
        done = ngettext(
            "%(done)s of %(total)s lesson done.", "%(done)s of %(total)s lessons done.", 3
        ) % {"done": 1, "total": 3}
        not_met = gettext("Not met yet:")
        not_taken = gettext("Not taken yet.")
    assert done in html
    assert html.count(not_met) == 3  # lessons, quiz, attendance: none met yet
    assert not_taken in html


def test_done_lessons_are_ticked_with_words_on_the_course_and_lesson_pages(
    client, course, enrolled
):
    lesson_complete(enrollment=enrolled, lesson=course["lessons"][1])
    with translation.override("ar"):
        done = gettext("Done:")
    course_html = _html(client.get(course["page"].url))
    assert course_html.count(f'<span class="visually-hidden">{done}</span>') == 1
    lesson_html = _html(client.get(course["lessons"][0].url))
    assert lesson_html.count(f'<span class="visually-hidden">{done}</span>') == 1


def test_after_the_last_lesson_the_next_step_is_the_quiz(client, course, enrolled):
    for lesson in course["lessons"]:
        lesson_complete(enrollment=enrolled, lesson=lesson)
    html = _html(client.get(course["lessons"][-1].url))
    assert f'href="{course["quiz"].url}"' in html
    with translation.override("ar"):
        assert gettext("Next step: take the quiz “{quiz}”.").split("{quiz}")[0] in html


def test_after_the_quiz_the_next_step_is_a_session(client, course, enrolled):
    for lesson in course["lessons"]:
        lesson_complete(enrollment=enrolled, lesson=lesson)
    quiz_attempt_submit(
        enrollment=enrolled, quiz=course["quiz"], answers=right_answers(course["quiz"])
    )
    html = _html(client.get(course["lessons"][-1].url))
    sessions = reverse("courses:session_list") + f"?course={course['page'].pk}"
    with translation.override("ar"):
        text = gettext("Next step: register for a session of this course.")
    assert text in html
    assert f'href="{sessions}"' in html


def test_with_the_certificate_earned_the_next_step_is_the_certificate(
    client, course, enrolled, citizen
):
    for lesson in course["lessons"]:
        lesson_complete(enrollment=enrolled, lesson=lesson)
    quiz_attempt_submit(
        enrollment=enrolled, quiz=course["quiz"], answers=right_answers(course["quiz"])
    )
    rule = course["page"].completion_rule
    rule.min_attendance_share = None
    rule.save()
    CertificateFactory(learner=citizen, course=course["page"])
    html = _html(client.get(course["lessons"][-1].url))
    assert f'href="{reverse("certificates:mine")}"' in html
    with translation.override("ar"):
        assert gettext("You have earned it.") in _html(client.get(course["page"].url))


def test_a_lesson_left_undone_sends_the_learner_back_to_the_course(client, course, enrolled):
    lesson_complete(enrollment=enrolled, lesson=course["lessons"][-1])
    html = _html(client.get(course["lessons"][-1].url))
    with translation.override("ar"):
        assert gettext("Some lessons are not done yet: back to the course") in html
    assert f'href="{course["quiz"].url}"' not in html


def test_a_quiz_result_links_back_to_the_course(client, course, enrolled):
    attempt = quiz_attempt_submit(enrollment=enrolled, quiz=course["quiz"], answers={})
    html = _html(client.get(reverse("courses:quiz_attempt", args=[attempt.pk])))
    with translation.override("ar"):
        back = gettext("Back to the course")
    assert back in html
    assert f'href="{course["page"].url}"' in html
