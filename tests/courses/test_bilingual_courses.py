"""A course and its French translation are one course: one enrollment, lessons and quiz attempts
counted across both languages (by translation key), the certificate's rule met whichever
language each part was done in, and the learning gain taken over both languages' quizzes."""

import re

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from certificates.completion import completion_evaluate
from certificates.services import completion_rule_set
from courses.models import QuizPage
from courses.selectors import course_quizzes, enrollment_for, learning_gain, quiz_page_context
from courses.services import enrollment_create, lesson_complete, quiz_attempt_submit

from ..factories.learning import QuizPageFactory, course_with_lessons, right_answers

pytestmark = pytest.mark.django_db


def _translate(page, **fields):
    french = Locale.objects.get_or_create(language_code="fr")[0]
    translation = page.copy_for_translation(french, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


@pytest.fixture
def bilingual(trainer_association):
    """An Arabic course with two lessons, a pre-test and a post-test, all translated."""
    course, lessons = course_with_lessons(association=trainer_association, lessons=2)
    pre = QuizPageFactory(parent=course, kind=QuizPage.Kind.PRE_TEST, attempt_limit=2)
    post = QuizPageFactory(parent=course, kind=QuizPage.Kind.POST_TEST, pass_mark=70)
    french = {
        "course": _translate(course, title="Cours"),
        "lessons": [_translate(lesson, title=f"Leçon {n}") for n, lesson in enumerate(lessons)],
        "pre": _translate(pre, title="Évaluation de départ"),
        "post": _translate(post, title="Évaluation finale"),
    }
    arabic = {"course": course, "lessons": lessons, "pre": pre, "post": post}
    return arabic, french


def _wrong_answers(quiz):
    return {str(block.id): [2] for block in quiz.questions}


def test_the_two_languages_quizzes_are_translations_of_each_other(bilingual):
    arabic, french = bilingual
    for kind in ("pre", "post"):
        assert french[kind].translation_key == arabic[kind].translation_key
        assert french[kind].get_parent().pk == french["course"].pk
        assert french[kind].locale.language_code == "fr"
    assert [q.translation_key for q in course_quizzes(course=french["course"])] == [
        q.translation_key for q in course_quizzes(course=arabic["course"])
    ]


def test_enrolling_from_the_french_course_is_the_same_enrollment(bilingual, citizen):
    arabic, french = bilingual
    enrollment = enrollment_create(learner=citizen, course=french["course"], by=citizen)
    assert enrollment.course.pk == arabic["course"].pk
    assert enrollment_create(learner=citizen, course=arabic["course"], by=citizen) == enrollment
    assert enrollment_for(user=citizen, course=french["course"]) == enrollment


def test_a_french_post_test_and_arabic_lessons_earn_the_certificate(bilingual, citizen):
    """The rule names the Arabic post-test; the French one is the same quiz."""
    arabic, french = bilingual
    completion_rule_set(course=arabic["course"], quiz=arabic["post"], require_all_lessons=True)
    enrollment = enrollment_create(learner=citizen, course=arabic["course"], by=citizen)
    lesson_complete(enrollment=enrollment, lesson=arabic["lessons"][0])
    lesson_complete(enrollment=enrollment, lesson=french["lessons"][1])  # read in French
    quiz_attempt_submit(
        enrollment=enrollment, quiz=french["post"], answers=right_answers(french["post"])
    )
    met, conditions = completion_evaluate(enrollment=enrollment)
    assert met, conditions
    assert {c.code for c in conditions} == {"lessons", "quiz"}


def test_a_failed_french_post_test_does_not_earn_it(bilingual, citizen):
    arabic, french = bilingual
    completion_rule_set(course=arabic["course"], quiz=arabic["post"], require_all_lessons=False)
    enrollment = enrollment_create(learner=citizen, course=arabic["course"], by=citizen)
    quiz_attempt_submit(
        enrollment=enrollment, quiz=french["post"], answers=_wrong_answers(french["post"])
    )
    met, _conditions = completion_evaluate(enrollment=enrollment)
    assert not met


def test_the_attempt_limit_counts_both_languages(bilingual, citizen):
    arabic, french = bilingual
    enrollment = enrollment_create(learner=citizen, course=arabic["course"], by=citizen)
    quiz_attempt_submit(enrollment=enrollment, quiz=arabic["pre"], answers={})
    quiz_attempt_submit(enrollment=enrollment, quiz=french["pre"], answers={})
    with pytest.raises(ValidationError) as error:
        quiz_attempt_submit(enrollment=enrollment, quiz=french["pre"], answers={})
    assert error.value.code == "attempt_limit"
    context = quiz_page_context(quiz=arabic["pre"], user=citizen)
    assert len(context["attempts"]) == 2 and context["attempts_remaining"] == 0


def test_the_learning_gain_pairs_a_pre_test_and_a_post_test_in_either_language(bilingual, citizen):
    arabic, french = bilingual
    enrollment = enrollment_create(learner=citizen, course=french["course"], by=citizen)
    quiz_attempt_submit(enrollment=enrollment, quiz=arabic["pre"], answers={})
    quiz_attempt_submit(
        enrollment=enrollment, quiz=french["post"], answers=right_answers(french["post"])
    )
    figures = learning_gain(course=arabic["course"])
    assert (figures["pre_count"], figures["post_count"]) == (1, 1)
    assert figures["gain"] == 100


def test_a_quiz_of_another_course_is_refused_in_either_language(bilingual, citizen):
    arabic, _french = bilingual
    other, _lessons = course_with_lessons(association=arabic["course"].association, lessons=1)
    other_quiz = _translate(QuizPageFactory(parent=other), title="Autre")
    enrollment = enrollment_create(learner=citizen, course=arabic["course"], by=citizen)
    with pytest.raises(ValidationError) as error:
        quiz_attempt_submit(enrollment=enrollment, quiz=other_quiz, answers={})
    assert error.value.code == "wrong_course"


def test_the_french_quiz_is_taken_through_its_page(client, bilingual, citizen):
    arabic, french = bilingual
    enrollment_create(learner=citizen, course=arabic["course"], by=citizen)
    client.force_login(citizen)
    page = client.get(french["post"].url)
    assert page.status_code == 200
    assert '<html lang="fr" dir="ltr">' in page.content.decode()
    answers = {f"q_{key}": value for key, value in right_answers(french["post"]).items()}
    response = client.post(f"/fr/learning/quizzes/{french['post'].pk}/submit/", answers)
    assert response.status_code == 302
    result = client.get(response["Location"])
    assert result.status_code == 200
    html = result.content.decode()
    assert "lang=" not in re.search(r'<ol class="quiz-review"([^>]*)>', html).group(1)


def test_an_arabic_attempt_read_in_french_keeps_its_lang_and_dir(client, bilingual, citizen):
    arabic, _french = bilingual
    enrollment = enrollment_create(learner=citizen, course=arabic["course"], by=citizen)
    attempt = quiz_attempt_submit(enrollment=enrollment, quiz=arabic["post"], answers={})
    client.force_login(citizen)
    html = client.get(f"/fr/learning/quiz-attempts/{attempt.pk}/").content.decode()
    assert '<ol class="quiz-review" lang="ar" dir="rtl">' in html
    assert f'href="{arabic["post"].url}" lang="ar" dir="rtl"' in html


def test_the_switch_on_a_quiz_lands_on_its_translation(client, bilingual):
    arabic, french = bilingual
    html = client.get(arabic["post"].url).content.decode()
    assert f'href="{french["post"].url}" hreflang="fr"' in html
    assert client.get(french["post"].url).status_code == 200
