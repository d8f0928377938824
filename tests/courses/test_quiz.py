"""Quizzes: server-side scoring, attempt limits, no answer leaks, learning gain."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from courses.models import QuizAttempt, QuizPage
from courses.selectors import learning_gain
from courses.services import enrollment_create, quiz_attempt_submit

from ..factories.learning import QuizPageFactory, course_with_lessons, right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(trainer_association):
    return course_with_lessons(association=trainer_association, lessons=1)[0]


@pytest.fixture
def quiz(course):
    return QuizPageFactory(parent=course, pass_mark=60)


@pytest.fixture
def enrollment(course, citizen):
    return enrollment_create(learner=citizen, course=course, by=citizen)


def test_all_right_answers_score_100_and_pass(enrollment, quiz):
    attempt = quiz_attempt_submit(enrollment=enrollment, quiz=quiz, answers=right_answers(quiz))
    assert attempt.score == Decimal("100.00")
    assert attempt.passed
    assert all(attempt.results.values())


def test_a_multiple_choice_question_needs_every_right_answer(enrollment, quiz):
    answers = right_answers(quiz)
    multiple = [b for b in quiz.questions if b.value["kind"] == "multiple"][0]
    answers[str(multiple.id)] = [0]  # one of the two right answers only
    attempt = quiz_attempt_submit(enrollment=enrollment, quiz=quiz, answers=answers)
    assert attempt.score == Decimal("50.00")
    assert not attempt.passed


def test_two_answers_to_a_single_choice_question_are_wrong(enrollment, quiz):
    answers = right_answers(quiz)
    single = [b for b in quiz.questions if b.value["kind"] == "single"][0]
    answers[str(single.id)] = [0, 1]
    attempt = quiz_attempt_submit(enrollment=enrollment, quiz=quiz, answers=answers)
    assert attempt.results[str(single.id)] is False


def test_garbage_answers_score_zero(enrollment, quiz):
    attempt = quiz_attempt_submit(
        enrollment=enrollment, quiz=quiz, answers={"nope": ["x"], "other": 7}
    )
    assert attempt.score == Decimal("0.00")


def test_every_attempt_is_kept_and_the_limit_is_enforced(enrollment, quiz):
    quiz.attempt_limit = 2
    quiz.save()
    quiz_attempt_submit(enrollment=enrollment, quiz=quiz, answers={})
    quiz_attempt_submit(enrollment=enrollment, quiz=quiz, answers=right_answers(quiz))
    with pytest.raises(ValidationError) as caught:
        quiz_attempt_submit(enrollment=enrollment, quiz=quiz, answers=right_answers(quiz))
    assert caught.value.code == "attempt_limit"
    assert QuizAttempt.objects.filter(enrollment=enrollment, quiz=quiz).count() == 2


def test_a_quiz_of_another_course_is_refused(enrollment, trainer_association):
    other = course_with_lessons(association=trainer_association, lessons=0)[0]
    foreign = QuizPageFactory(parent=other)
    with pytest.raises(ValidationError):
        quiz_attempt_submit(enrollment=enrollment, quiz=foreign, answers={})


def test_the_quiz_page_never_shows_the_right_answers(client, citizen, enrollment, quiz):
    client.force_login(citizen)
    response = client.get(quiz.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "is_correct" not in html
    assert "ما هي كلمة المرور القوية؟" in html  # the question is shown…
    assert "طويلة وفريدة" in html  # …with its answers…
    for block in quiz.questions:
        if block.value["explanation"]:
            assert block.value["explanation"] not in html  # …but not the explanation
    assert "correct" not in html.lower().replace("incorrect", "")


def test_a_question_needs_a_right_answer(course):
    block = QuizPage.questions.field.stream_block.child_blocks["question"]
    value = block.to_python(
        {
            "text": "?",
            "kind": "single",
            "choices": [{"text": "a", "is_correct": False}, {"text": "b", "is_correct": False}],
            "explanation": "",
        }
    )
    with pytest.raises(ValidationError):
        block.clean(value)


def test_learning_gain_is_mean_post_minus_mean_pre(course, enrollment, citizen):
    pre = QuizPageFactory(parent=course, kind=QuizPage.Kind.PRE_TEST)
    post = QuizPageFactory(parent=course, kind=QuizPage.Kind.POST_TEST)
    quiz_attempt_submit(enrollment=enrollment, quiz=pre, answers={})  # 0
    half = right_answers(pre)
    half.pop(next(iter(half)))
    quiz_attempt_submit(enrollment=enrollment, quiz=pre, answers=half)  # 50
    quiz_attempt_submit(enrollment=enrollment, quiz=post, answers=right_answers(post))  # 100
    gain = learning_gain(course=course)
    assert gain["pre"] == Decimal("25")
    assert gain["post"] == Decimal("100")
    assert gain["gain"] == Decimal("75")


def test_the_course_page_lists_its_quizzes_with_the_best_score(client, citizen, enrollment, quiz):
    quiz_attempt_submit(enrollment=enrollment, quiz=quiz, answers=right_answers(quiz))
    client.force_login(citizen)
    response = client.get(quiz.get_parent().url)
    assert quiz.url.encode() in response.content
    assert b"100" in response.content


def test_the_admin_can_author_a_quiz(client, course, django_user_model):
    admin = django_user_model.objects.create_superuser(email="root@example.org", password="x")
    client.force_login(admin)
    response = client.get(f"/admin/pages/add/courses/quizpage/{course.pk}/")
    assert response.status_code == 200
