"""Attendance rules that hold in the service, whatever the form: no mark before the window
opens, a reasoned correction is not silently superseded, "everyone present" marks only the
unmarked, and the check-in window is said as it is."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from courses.attendance import checkin
from courses.attendance.services import (
    attendance_check_in,
    attendance_correct,
    attendance_mark,
    attendance_mark_all_present,
    walk_in_add,
)
from courses.models import AttendanceRecord, TrainingSession

from ...factories.attendance import registered, session_now

pytestmark = pytest.mark.django_db

Status = AttendanceRecord.Status
Method = AttendanceRecord.Method


def _mark(session, person, by, status=Status.PRESENT, **extra):
    return attendance_mark(
        session=session, participant=person, status=status, method=Method.ROLL_CALL, by=by, **extra
    )


def test_a_present_mark_nine_days_ahead_is_refused(trainer_association, trainer):
    future = session_now(association=trainer_association, starts_in=timedelta(days=9))
    (person,) = registered(future)
    with pytest.raises(ValidationError) as error:
        _mark(future, person, trainer)
    assert error.value.code == "not_open_yet"
    assert not AttendanceRecord.objects.exists()


def test_a_walk_in_before_the_window_is_refused_and_not_kept(trainer_association, trainer):
    future = session_now(association=trainer_association, starts_in=timedelta(hours=2))
    with pytest.raises(ValidationError) as error:
        walk_in_add(session=future, by=trainer, name_latin="Sara")
    assert error.value.code == "not_open_yet"
    from courses.models import Participant

    assert not Participant.objects.exists()


def test_marks_open_with_the_check_in_window(trainer_association, trainer, settings):
    settings.ATTENDANCE_OPEN_BEFORE_MINUTES = 30
    soon = session_now(association=trainer_association, starts_in=timedelta(minutes=20))
    (person,) = registered(soon)
    assert _mark(soon, person, trainer).status == Status.PRESENT


def test_a_roll_call_tap_over_a_reasoned_correction_needs_a_reason(trainer_association, trainer):
    session = session_now(association=trainer_association)
    (person,) = registered(session)
    first = _mark(session, person, trainer, Status.ABSENT)
    corrected = attendance_correct(
        record=first, status=Status.EXCUSED, reason="Certificat médical", by=trainer
    )
    with pytest.raises(ValidationError) as error:
        _mark(session, person, trainer, Status.PRESENT)
    assert error.value.code == "reason_required"
    assert AttendanceRecord.objects.current().get(learner=person).pk == corrected.pk
    again = _mark(session, person, trainer, Status.PRESENT, reason="Arrivée après la pause")
    assert again.supersedes_id == corrected.pk
    assert again.reason == "Arrivée après la pause"
    assert again.method == Method.ROLL_CALL


def test_a_blank_reason_is_no_reason(trainer_association, trainer):
    session = session_now(association=trainer_association)
    (person,) = registered(session)
    first = _mark(session, person, trainer, Status.ABSENT)
    attendance_correct(record=first, status=Status.EXCUSED, reason="Malade", by=trainer)
    with pytest.raises(ValidationError):
        _mark(session, person, trainer, Status.PRESENT, reason="   ")


def test_a_plain_roll_call_change_still_needs_no_reason(trainer_association, trainer):
    session = session_now(association=trainer_association)
    (person,) = registered(session)
    _mark(session, person, trainer, Status.ABSENT)
    record = _mark(session, person, trainer, Status.PRESENT)
    assert record.reason == ""


def test_a_self_check_in_does_not_undo_a_reasoned_correction(trainer_association, trainer):
    session = session_now(association=trainer_association)
    (person,) = registered(session)
    first = _mark(session, person, trainer, Status.PRESENT)
    attendance_correct(record=first, status=Status.ABSENT, reason="Parti à 10 h", by=trainer)
    with pytest.raises(ValidationError) as error:
        attendance_check_in(
            learner=person, token=checkin.token_make(session_id=session.pk), session=session
        )
    assert error.value.code == "corrected"


def test_everyone_present_marks_only_those_without_a_mark(trainer_association, trainer):
    session = session_now(association=trainer_association)
    absent, late, *others = registered(session, 4)
    _mark(session, absent, trainer, Status.ABSENT)
    _mark(session, late, trainer, Status.LATE)
    records = attendance_mark_all_present(session=session, by=trainer)
    assert {r.learner_id for r in records} == {p.pk for p in others}
    current = {r.learner_id: r.status for r in AttendanceRecord.objects.current()}
    assert current[absent.pk] == Status.ABSENT
    assert current[late.pk] == Status.LATE
    assert attendance_mark_all_present(session=session, by=trainer) == []


def test_everyone_present_is_refused_to_strangers_and_before_the_window(
    trainer_association, trainer, learner
):
    session = session_now(association=trainer_association)
    registered(session, 2)
    with pytest.raises(PermissionDenied):
        attendance_mark_all_present(session=session, by=learner)
    future = session_now(association=trainer_association, starts_in=timedelta(days=2))
    registered(future, 2)
    with pytest.raises(ValidationError) as error:
        attendance_mark_all_present(session=future, by=trainer)
    assert error.value.code == "not_open_yet"
    assert not AttendanceRecord.objects.exists()


def test_everyone_present_is_refused_for_a_cancelled_session(trainer_association, trainer):
    session = session_now(association=trainer_association)
    registered(session, 2)
    TrainingSession.objects.filter(pk=session.pk).update(status=TrainingSession.Status.CANCELLED)
    session.refresh_from_db()
    with pytest.raises(ValidationError):
        attendance_mark_all_present(session=session, by=trainer)


def test_the_window_is_said_as_it_is(trainer_association, settings):
    settings.ATTENDANCE_OPEN_BEFORE_MINUTES = 30
    settings.ATTENDANCE_OPEN_AFTER_MINUTES = 60
    now = timezone.now()
    session = session_now(association=trainer_association, starts_in=timedelta(hours=2))
    assert checkin.window_state(session, now) == "not_yet"
    assert checkin.window_state(session, now + timedelta(hours=2)) == "open"
    assert checkin.window_state(session, now + timedelta(hours=7)) == "closed"
    with timezone.override("UTC"):
        opens = timezone.localtime(session.starts_at - timedelta(minutes=30))
    with translation.override("en"):
        assert "opens" in checkin.window_message(session, now)
        assert "until" in checkin.window_message(session, now + timedelta(hours=2))
        assert "closed" in checkin.window_message(session, now + timedelta(hours=7))
    assert opens  # the message names the time; its format follows the language
    session.status = TrainingSession.Status.CANCELLED
    assert checkin.window_state(session, now) == "cancelled"


def test_the_rotation_period_is_a_setting_of_thirty_seconds_at_most(settings):
    settings.ATTENDANCE_QR_ROTATION_SECONDS = 15
    assert checkin.window_seconds() == 15
    assert checkin.current_window(150.0) == 10
    settings.ATTENDANCE_QR_ROTATION_SECONDS = 300
    assert checkin.window_seconds() == 30
    settings.ATTENDANCE_QR_ROTATION_SECONDS = 0
    assert checkin.window_seconds() == 5


def test_a_token_from_a_shorter_rotation_expires_sooner(settings):
    settings.ATTENDANCE_QR_ROTATION_SECONDS = 10
    token = checkin.token_make(session_id=3, now=1000.0)
    assert checkin.token_verify(token, now=1015.0) == 3
    with pytest.raises(ValidationError):
        checkin.token_verify(token, now=1021.0)
