"""Completion rules: any combination of attendance, lessons and a quiz score, and the hooks
that issue the certificate when progress changes."""

from decimal import Decimal

import pytest

from certificates.completion import completion_evaluate
from certificates.models import Certificate
from courses.attendance.services import attendance_correct, attendance_mark
from courses.models import AttendanceRecord, Enrollment, LessonProgress
from courses.services import lesson_complete, quiz_attempt_submit

from ..factories.attendance import registered, session_now, staff
from ..factories.certificates import CompletionRuleFactory
from ..factories.learning import (
    EnrollmentFactory,
    QuizPageFactory,
    course_with_lessons,
    right_answers,
)

pytestmark = pytest.mark.django_db
Status = AttendanceRecord.Status


@pytest.fixture
def course_setup(trainer_association):
    course, lessons = course_with_lessons(association=trainer_association, lessons=2)
    quiz = QuizPageFactory(parent=course, pass_mark=50)
    session = session_now(association=trainer_association, course=course)
    learner = registered(session)[0]
    enrollment = EnrollmentFactory(course=course, learner=learner)
    return {
        "course": course,
        "lessons": lessons,
        "quiz": quiz,
        "session": session,
        "enrollment": enrollment,
        "trainer": staff(trainer_association),
    }


def _attend(setup):
    attendance_mark(
        session=setup["session"],
        participant=setup["enrollment"].learner,
        status=Status.PRESENT,
        method=AttendanceRecord.Method.ROLL_CALL,
        by=setup["trainer"],
    )


def _lessons(setup):
    for lesson in setup["lessons"]:
        LessonProgress.objects.create(enrollment=setup["enrollment"], lesson=lesson)


def _quiz(setup, score_right=True):
    answers = right_answers(setup["quiz"]) if score_right else {}
    quiz_attempt_submit(enrollment=setup["enrollment"], quiz=setup["quiz"], answers=answers)


RULES = {
    "attendance": {"min_attendance_share": Decimal("0.80")},
    "lessons": {"require_all_lessons": True},
    "quiz": {"quiz": True},
}


@pytest.mark.parametrize(
    ("required", "done", "met"),
    [
        (("attendance",), (), False),
        (("attendance",), ("attendance",), True),
        (("lessons",), (), False),
        (("lessons",), ("lessons",), True),
        (("quiz",), (), False),
        (("quiz",), ("quiz",), True),
        (("attendance", "lessons"), ("attendance",), False),
        (("attendance", "lessons"), ("attendance", "lessons"), True),
        (("lessons", "quiz"), ("lessons",), False),
        (("attendance", "lessons", "quiz"), ("attendance", "lessons"), False),
        (("attendance", "lessons", "quiz"), ("attendance", "lessons", "quiz"), True),
        (("quiz",), ("attendance", "lessons"), False),
    ],
)
def test_rule_matrix(course_setup, required, done, met):
    """The rule is met exactly when every required condition is done."""
    fields = {}
    for name in required:
        fields.update(RULES[name])
    if fields.pop("quiz", False):
        fields["quiz"] = course_setup["quiz"]
    CompletionRuleFactory(course=course_setup["course"], **{"require_all_lessons": False, **fields})
    for name in done:
        {"attendance": _attend, "lessons": _lessons, "quiz": _quiz}[name](course_setup)
    result, conditions = completion_evaluate(enrollment=course_setup["enrollment"])
    assert result is met
    assert {c.code for c in conditions} == set(required)
    assert {c.code for c in conditions if c.met} == set(required) & set(done)


def test_a_failed_quiz_does_not_meet_the_rule(course_setup):
    CompletionRuleFactory(
        course=course_setup["course"],
        require_all_lessons=False,
        quiz=course_setup["quiz"],
        quiz_min_score=Decimal("90"),
    )
    _quiz(course_setup, score_right=False)
    assert completion_evaluate(enrollment=course_setup["enrollment"])[0] is False


def test_without_rule_or_after_withdrawal_nothing_is_met(course_setup):
    _lessons(course_setup)
    assert completion_evaluate(enrollment=course_setup["enrollment"])[0] is False
    CompletionRuleFactory(course=course_setup["course"])
    assert completion_evaluate(enrollment=course_setup["enrollment"])[0] is True
    Enrollment.objects.filter(pk=course_setup["enrollment"].pk).update(status="withdrawn")
    course_setup["enrollment"].refresh_from_db()
    assert completion_evaluate(enrollment=course_setup["enrollment"])[0] is False


def test_completing_the_last_lesson_issues_the_certificate(
    course_setup, django_capture_on_commit_callbacks
):
    CompletionRuleFactory(course=course_setup["course"])
    first, last = course_setup["lessons"]
    # The callbacks run (execute=True): an issuance scheduled too early would show here.
    with django_capture_on_commit_callbacks(execute=True):
        lesson_complete(enrollment=course_setup["enrollment"], lesson=first)
    assert not Certificate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        lesson_complete(enrollment=course_setup["enrollment"], lesson=last)
    certificate = Certificate.objects.get()
    assert certificate.learner == course_setup["enrollment"].learner
    assert certificate.pdf_sha256 and certificate.credential_jwt


def test_passing_the_quiz_issues_the_certificate(course_setup, django_capture_on_commit_callbacks):
    CompletionRuleFactory(
        course=course_setup["course"], require_all_lessons=False, quiz=course_setup["quiz"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        _quiz(course_setup)
    assert Certificate.objects.filter(course=course_setup["course"]).count() == 1


def test_attendance_and_its_correction_trigger_issuance(
    course_setup, django_capture_on_commit_callbacks
):
    CompletionRuleFactory(
        course=course_setup["course"], require_all_lessons=False, min_attendance_share=Decimal("1")
    )
    with django_capture_on_commit_callbacks(execute=True):
        record = attendance_mark(
            session=course_setup["session"],
            participant=course_setup["enrollment"].learner,
            status=Status.ABSENT,
            method=AttendanceRecord.Method.ROLL_CALL,
            by=course_setup["trainer"],
        )
    assert not Certificate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        attendance_correct(
            record=record, status=Status.PRESENT, reason="Arrived late", by=course_setup["trainer"]
        )
    assert Certificate.objects.filter(course=course_setup["course"]).count() == 1
