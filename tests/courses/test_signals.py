"""The news courses sends upward (courses/signals.py): who sends it, when, and with what."""

from contextlib import contextmanager

import pytest

from courses import signals
from courses.attendance import checkin
from courses.attendance.services import (
    attendance_check_in,
    attendance_correct,
    attendance_mark,
    walk_in_add,
)
from courses.models import AttendanceRecord, Enrollment
from courses.services import lesson_complete, quiz_attempt_submit

from ..factories.attendance import registered, session_now
from ..factories.learning import (
    EnrollmentFactory,
    QuizPageFactory,
    course_with_lessons,
    right_answers,
)

pytestmark = pytest.mark.django_db
Status = AttendanceRecord.Status


@contextmanager
def caught(signal):
    """The (sender, arguments) of every send of ``signal`` inside the block."""
    sent = []

    def receiver(sender, **kwargs):
        kwargs.pop("signal")
        sent.append((sender, kwargs))

    signal.connect(receiver, weak=False)
    try:
        yield sent
    finally:
        signal.disconnect(receiver)


@pytest.fixture
def session(trainer_association):
    return session_now(association=trainer_association)


def _mark(session, person, by):
    return attendance_mark(
        session=session,
        participant=person,
        status=Status.PRESENT,
        method=AttendanceRecord.Method.ROLL_CALL,
        by=by,
    )


def test_a_mark_sends_attendance_recorded_with_its_record(session, trainer):
    person = registered(session)[0]
    with caught(signals.attendance_recorded) as sent:
        record = _mark(session, person, trainer)
    assert sent == [(AttendanceRecord, {"record": record})]


def test_a_correction_sends_attendance_recorded_with_the_correcting_record(session, trainer):
    record = _mark(session, registered(session)[0], trainer)
    with caught(signals.attendance_recorded) as sent:
        corrected = attendance_correct(
            record=record, status=Status.ABSENT, reason="Left at the break", by=trainer
        )
    assert sent == [(AttendanceRecord, {"record": corrected})]


def test_a_check_in_sends_once_and_a_walk_in_not_at_all(session, learner, trainer):
    token = checkin.token_make(session_id=session.pk)
    with caught(signals.attendance_recorded) as sent:
        first = attendance_check_in(learner=learner, token=token)
        attendance_check_in(learner=learner, token=token)
        walk_in_add(session=session, by=trainer, name_ar="سعاد")
    assert sent == [(AttendanceRecord, {"record": first.record})]


def test_a_failing_receiver_undoes_the_mark(session, trainer):
    """Receivers run inside the service's transaction: what they write stands or falls with
    the record."""
    person = registered(session)[0]

    def failing(sender, **kwargs):
        raise RuntimeError("receiver failed")

    signals.attendance_recorded.connect(failing, weak=False)
    try:
        with pytest.raises(RuntimeError):
            _mark(session, person, trainer)
    finally:
        signals.attendance_recorded.disconnect(failing)
    assert not AttendanceRecord.objects.filter(session=session).exists()


def test_a_lesson_done_and_a_quiz_submitted_send_progress_changed(trainer_association):
    course, lessons = course_with_lessons(association=trainer_association, lessons=1)
    quiz = QuizPageFactory(parent=course, pass_mark=50)
    enrollment = EnrollmentFactory(course=course)
    with caught(signals.progress_changed) as sent:
        lesson_complete(enrollment=enrollment, lesson=lessons[0])
        quiz_attempt_submit(enrollment=enrollment, quiz=quiz, answers=right_answers(quiz))
    assert sent == [(Enrollment, {"enrollment": enrollment})] * 2
