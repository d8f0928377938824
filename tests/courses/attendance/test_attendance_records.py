"""Attendance records: append-only, chained by hashes, corrected by superseding records."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection

from courses.attendance.services import (
    attendance_chain_verify,
    attendance_correct,
    attendance_mark,
    participant_claim,
    session_close,
    walk_in_add,
)
from courses.models import AppendOnlyError, AttendanceRecord

from ...factories.accounts import UserFactory
from ...factories.attendance import registered, session_now, staff

pytestmark = pytest.mark.django_db

Status = AttendanceRecord.Status
Method = AttendanceRecord.Method


@pytest.fixture
def session(trainer_association):
    return session_now(association=trainer_association)


def _mark(session, person, by, status=Status.PRESENT):
    return attendance_mark(
        session=session, participant=person, status=status, method=Method.ROLL_CALL, by=by
    )


def test_records_form_a_hash_chain(session, trainer):
    first, second = registered(session, 2)
    a = _mark(session, first, trainer)
    b = _mark(session, second, trainer, Status.LATE)
    assert a.previous_hash == ""
    assert b.previous_hash == a.content_hash
    assert a.content_hash == a.compute_hash()
    assert attendance_chain_verify(session=session) == []


def test_records_cannot_be_changed_or_deleted_through_the_orm(session, trainer):
    record = _mark(session, registered(session)[0], trainer)
    record.status = Status.ABSENT
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AttendanceRecord.objects.filter(pk=record.pk).update(status=Status.ABSENT)
    with pytest.raises(AppendOnlyError):
        AttendanceRecord.objects.filter(pk=record.pk).delete()
    record.status = Status.ABSENT
    with pytest.raises(AppendOnlyError):
        AttendanceRecord.objects.bulk_update([record], ["status"])


def test_the_chain_check_finds_a_row_edited_behind_the_applications_back(session, trainer):
    people = registered(session, 3)
    records = [_mark(session, person, trainer) for person in people]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AttendanceRecord._meta.db_table} SET status = %s WHERE id = %s",  # noqa: S608
            [Status.ABSENT, records[1].pk],
        )
    breaks = attendance_chain_verify(session=session)
    assert [(b.record_id, b.code) for b in breaks] == [(records[1].pk, "content_mismatch")]
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_attendance_chains")
    assert exit_info.value.code == 1


def test_a_rehashed_row_breaks_the_next_link(session, trainer):
    people = registered(session, 2)
    first, second = (_mark(session, person, trainer) for person in people)
    forged = AttendanceRecord.objects.get(pk=first.pk)
    forged.status = Status.ABSENT
    new_hash = forged.compute_hash()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AttendanceRecord._meta.db_table} "  # noqa: S608
            "SET status = %s, content_hash = %s WHERE id = %s",
            [Status.ABSENT, new_hash, first.pk],
        )
    assert [b.code for b in attendance_chain_verify(session=session)] == ["broken_link"]


def test_the_command_passes_an_intact_chain(session, trainer, capsys):
    _mark(session, registered(session)[0], trainer)
    call_command("verify_attendance_chains")
    assert "0 broken" in capsys.readouterr().out


def test_marking_the_same_status_twice_adds_nothing(session, trainer):
    person = registered(session)[0]
    assert _mark(session, person, trainer).pk == _mark(session, person, trainer).pk
    assert AttendanceRecord.objects.filter(session=session).count() == 1


def test_a_change_during_the_roll_call_supersedes(session, trainer):
    person = registered(session)[0]
    first = _mark(session, person, trainer, Status.ABSENT)
    second = _mark(session, person, trainer, Status.LATE)
    assert second.supersedes_id == first.pk
    assert list(AttendanceRecord.objects.filter(session=session).current()) == [second]


def test_a_correction_needs_a_reason_and_supersedes(session, trainer):
    record = _mark(session, registered(session)[0], trainer)
    with pytest.raises(ValidationError) as error:
        attendance_correct(record=record, status=Status.EXCUSED, reason=" ", by=trainer)
    assert error.value.code == "reason_required"
    correction = attendance_correct(
        record=record, status=Status.EXCUSED, reason="Certificat médical", by=trainer
    )
    assert (correction.method, correction.supersedes_id) == (Method.CORRECTION, record.pk)
    with pytest.raises(ValidationError) as error:
        attendance_correct(record=record, status=Status.ABSENT, reason="again", by=trainer)
    assert error.value.code == "not_current"
    assert attendance_chain_verify(session=session) == []


def test_after_the_session_a_change_must_be_a_correction(trainer_association, trainer):
    from datetime import timedelta

    session = session_now(association=trainer_association, starts_in=timedelta(days=-3))
    person = registered(session)[0]
    _mark(session, person, trainer)
    with pytest.raises(ValidationError) as error:
        _mark(session, person, trainer, Status.ABSENT)
    assert error.value.code == "use_correction"


def test_a_trainer_of_another_association_cannot_mark(session, other_trainer_association):
    outsider = staff(other_trainer_association)
    person = registered(session)[0]
    with pytest.raises(PermissionDenied):
        _mark(session, person, outsider)
    record = _mark(session, person, staff(session.association))
    with pytest.raises(PermissionDenied):
        attendance_correct(record=record, status=Status.ABSENT, reason="x", by=outsider)


def test_a_session_trainer_from_outside_may_mark(session):
    guest = UserFactory()
    session.trainers.add(guest)
    assert _mark(session, registered(session)[0], guest).recorded_by == guest


def test_a_learner_cannot_mark_others_or_roll_call_themselves(session, learner):
    with pytest.raises(PermissionDenied):
        _mark(session, learner, learner)


def test_a_walk_in_is_recorded_and_can_be_claimed(session, trainer, citizen):
    record = walk_in_add(session=session, by=trainer, name_ar="سعاد", phone="+212600000000")
    assert record.participant.display_name == "سعاد"
    with pytest.raises(ValidationError):
        walk_in_add(session=session, by=trainer, name_ar=" ")
    participant = participant_claim(participant=record.participant, user=citizen, by=trainer)
    assert participant.claimed_by == citizen


def test_closing_a_session_keeps_the_report_and_the_chain_head(
    session, trainer, member_association
):
    record = _mark(session, registered(session)[0], trainer)
    report = session_close(
        session=session,
        by=trainer,
        headcount=12,
        organisations_present=[member_association],
        report="حصة مفيدة",
        photos_consent=True,
    )
    session.refresh_from_db()
    assert session.status == session.Status.HELD
    assert report.chain_head == record.content_hash
    assert list(report.organisations_present.all()) == [member_association]
    with pytest.raises(ValidationError) as error:
        session_close(
            session=session,
            by=trainer,
            headcount=1,
            organisations_present=[],
            report="x",
            photos_consent=False,
        )
    assert error.value.code == "already_closed"


def test_a_truncated_chain_is_detected_after_closing(session, trainer):
    _mark(session, registered(session)[0], trainer)
    session_close(
        session=session,
        by=trainer,
        headcount=1,
        organisations_present=[],
        report="ok",
        photos_consent=False,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {AttendanceRecord._meta.db_table} WHERE session_id = %s",  # noqa: S608
            [session.pk],
        )
    assert [b.code for b in attendance_chain_verify(session=session)] == ["chain_deleted"]
