"""Attendance chains that cannot be recomputed (#18): keyed links, seals, the first broken link
named, key rotation, legacy links, and frozen heads checked against the live chains."""

import hashlib
import json
from datetime import UTC, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from core.evidence_keys import current_key_id
from courses.attendance.chains import chain_heads, chain_verify_against
from courses.attendance.services import (
    attendance_chain_verify,
    attendance_correct,
    attendance_mark,
    session_close,
)
from courses.models import AttendanceRecord, ChainSeal, SessionReport

from ...factories.attendance import registered, session_now

pytestmark = pytest.mark.django_db

Status = AttendanceRecord.Status
Method = AttendanceRecord.Method
TABLE = AttendanceRecord._meta.db_table
KEY_A = "A:" + "a" * 40
KEY_B = "B:" + "b" * 40


@pytest.fixture
def session(trainer_association):
    # Yesterday's session: marks are taken after it (no window closes a first mark), and no
    # "today" session crosses the local midnight.
    return session_now(association=trainer_association, starts_in=timedelta(days=-1))


def _mark(session, person, by, status=Status.PRESENT):
    return attendance_mark(
        session=session, participant=person, status=status, method=Method.ROLL_CALL, by=by
    )


def _close(session, by):
    return session_close(
        session=session,
        by=by,
        headcount=1,
        organisations_present=[],
        report="ok",
        photos_consent=False,
    )


def _old_way(row: dict) -> str:
    """What the 30-line script of the issue computes: the plain SHA-256 of the old content."""
    content = {
        "session": row["session_id"],
        "learner": row["learner_id"],
        "participant": row["participant_id"],
        "status": row["status"],
        "method": row["method"],
        "recorded_by": row["recorded_by_id"],
        "recorded_at": row["recorded_at"].astimezone(UTC).isoformat(),
        "device_hash": row["device_hash"],
        "supersedes": row["supersedes_id"],
        "reason": row["reason"],
        "sheet_scan": row["sheet_scan_id"],
        "previous_hash": row["previous_hash"],
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _forge_status(session, record, status):
    """The issue's attack: change one record's status with raw SQL, recompute its hash and
    every following one the old way, and write them back."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET status = %s WHERE id = %s", [status, record.pk])  # noqa: S608
    previous = None
    for row in (
        AttendanceRecord.objects.filter(session=session, pk__gte=record.pk).order_by("pk").values()
    ):
        if previous is not None:
            row["previous_hash"] = previous
        previous = _old_way(row)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {TABLE} SET previous_hash = %s, content_hash = %s WHERE id = %s",  # noqa: S608
                [row["previous_hash"], previous, row["id"]],
            )


def _delete(*record_ids):
    with connection.cursor() as cursor:
        for pk in record_ids:
            cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [pk])  # noqa: S608


def test_a_new_link_is_an_hmac_under_the_current_key(session, trainer):
    record = _mark(session, registered(session)[0], trainer)
    assert record.key_id == current_key_id()
    assert '"key_id":' in record.canonical_content()
    plain = hashlib.sha256(record.canonical_content().encode()).hexdigest()
    assert record.content_hash != plain
    assert record.content_hash == record.compute_hash()
    result = attendance_chain_verify(session=session)
    assert result == [] and result.ok and result.legacy_links == 0 and result.records == 1


def test_the_issues_attack_is_found_at_the_edited_record(session, trainer, capsys):
    records = [_mark(session, p, trainer, Status.ABSENT) for p in registered(session, 4)]
    _close(session, trainer)
    _forge_status(session, records[1], Status.PRESENT)
    result = attendance_chain_verify(session=session)
    assert result.first_broken == records[1].pk
    assert result.first_break.code == "content_mismatch"
    assert (records[1].pk, "content_mismatch") in [(b.record_id, b.code) for b in result]
    # The forged links follow each other: no broken_link, but none carries a valid HMAC.
    assert {b.record_id for b in result if b.code == "content_mismatch"} == {
        r.pk for r in records[1:]
    }
    assert "head_missing" in result.codes  # the seal still names the true head
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_attendance_chains")
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert f"first broken link: record {records[1].pk}" in err
    assert f"content_mismatch at record {records[1].pk}" in err


def test_the_attack_on_an_open_session_is_found_too(session, trainer):
    records = [_mark(session, p, trainer, Status.ABSENT) for p in registered(session, 3)]
    _forge_status(session, records[0], Status.PRESENT)
    result = attendance_chain_verify(session=session)
    assert result.first_broken == records[0].pk
    assert set(result.codes) == {"content_mismatch"}


def test_a_chain_rewritten_as_legacy_links_after_keyed_ones_is_a_downgrade(session, trainer):
    records = [_mark(session, p, trainer, Status.ABSENT) for p in registered(session, 3)]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET key_id = '' WHERE id >= %s", [records[1].pk])  # noqa: S608
    _forge_status(session, records[1], Status.PRESENT)
    result = attendance_chain_verify(session=session)
    assert [(b.record_id, b.code) for b in result] == [
        (records[1].pk, "downgraded"),
        (records[2].pk, "downgraded"),
    ]
    assert result.first_broken == records[1].pk


def test_deleting_a_middle_record_names_the_next_one(session, trainer):
    records = [_mark(session, p, trainer) for p in registered(session, 3)]
    _delete(records[1].pk)
    result = attendance_chain_verify(session=session)
    assert [(b.record_id, b.code) for b in result] == [(records[2].pk, "broken_link")]
    assert result.first_broken == records[2].pk


def test_deleting_a_middle_record_of_a_closed_session_also_miscounts_the_seal(session, trainer):
    records = [_mark(session, p, trainer) for p in registered(session, 3)]
    _close(session, trainer)
    _delete(records[1].pk)
    assert [(b.record_id, b.code) for b in attendance_chain_verify(session=session)] == [
        (records[2].pk, "broken_link"),
        (None, "records_missing"),
    ]


def test_closing_seals_the_head_and_keeps_the_report_head(session, trainer):
    records = [_mark(session, p, trainer) for p in registered(session, 2)]
    report = _close(session, trainer)
    seal = ChainSeal.objects.get(session=session)
    assert (seal.reason, seal.head, seal.records) == ("closed", records[-1].content_hash, 2)
    assert seal.key_id == current_key_id() and seal.mac == seal.compute_mac()
    assert report.chain_head == records[-1].content_hash
    assert attendance_chain_verify(session=session).seal == seal


def test_a_correction_after_closing_is_sealed_and_its_deletion_shows(session, trainer):
    records = [_mark(session, p, trainer) for p in registered(session, 2)]
    _close(session, trainer)
    correction = attendance_correct(
        record=records[0], status=Status.EXCUSED, reason="Certificat médical", by=trainer
    )
    seals = list(ChainSeal.objects.filter(session=session).order_by("pk"))
    assert [s.reason for s in seals] == ["closed", "appended"]
    assert (seals[1].head, seals[1].records) == (correction.content_hash, 3)
    assert attendance_chain_verify(session=session) == []
    _delete(correction.pk)
    result = attendance_chain_verify(session=session)
    assert result.codes == ["head_missing", "records_missing"]
    assert result.first_broken is None


def test_deleting_every_record_of_a_sealed_session_is_reported(session, trainer, capsys):
    records = [_mark(session, p, trainer) for p in registered(session, 2)]
    _close(session, trainer)
    _delete(*(r.pk for r in records))
    assert attendance_chain_verify(session=session).codes == ["chain_deleted"]
    with pytest.raises(SystemExit):
        call_command("verify_attendance_chains")
    assert f"session {session.pk}: chain_deleted" in capsys.readouterr().err


def test_a_forged_seal_is_reported(session, trainer):
    _mark(session, registered(session)[0], trainer)
    _close(session, trainer)
    seal = ChainSeal.objects.get(session=session)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ChainSeal._meta.db_table} SET mac = %s WHERE id = %s",  # noqa: S608
            ["0" * 64, seal.pk],
        )
    breaks = attendance_chain_verify(session=session)
    assert [(b.record_id, b.code, b.seal_id) for b in breaks] == [(None, "seal_forged", seal.pk)]


def test_deleted_seals_of_a_keyed_closed_session_show(session, trainer):
    _mark(session, registered(session)[0], trainer)
    _close(session, trainer)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {ChainSeal._meta.db_table} WHERE session_id = %s",  # noqa: S608
            [session.pk],
        )
    assert attendance_chain_verify(session=session).codes == ["seal_missing"]


def test_a_rotated_key_keeps_old_chains_and_keys_new_links(session, trainer):
    people = registered(session, 3)
    with override_settings(EVIDENCE_KEYS=KEY_A):
        old = [_mark(session, p, trainer) for p in people[:2]]
        assert {r.key_id for r in old} == {"A"}
        assert attendance_chain_verify(session=session) == []
    with override_settings(EVIDENCE_KEYS=f"{KEY_B},{KEY_A}"):
        assert attendance_chain_verify(session=session) == []
        new = _mark(session, people[2], trainer)
        assert new.key_id == "B"
        assert attendance_chain_verify(session=session) == []
    with override_settings(EVIDENCE_KEYS=KEY_B):
        result = attendance_chain_verify(session=session)
    assert [(b.record_id, b.code) for b in result] == [
        (old[0].pk, "unknown_key"),
        (old[1].pk, "unknown_key"),
    ]


def test_a_seal_under_a_key_no_longer_held_is_reported_not_raised(session, trainer):
    with override_settings(EVIDENCE_KEYS=KEY_A):
        _mark(session, registered(session)[0], trainer)
        _close(session, trainer)
    with override_settings(EVIDENCE_KEYS=KEY_B):
        assert attendance_chain_verify(session=session).codes == ["unknown_key", "unknown_key"]


def _legacy(session, person, by, previous_hash):
    record = AttendanceRecord(
        session=session,
        learner=person,
        status=Status.PRESENT,
        method=Method.ROLL_CALL,
        recorded_by=by,
    )
    record.link(previous_hash=previous_hash, key_id="")
    record.save()
    return record


def test_legacy_plain_sha256_links_verify_and_are_counted(session, trainer, capsys):
    people = registered(session, 3)
    first = _legacy(session, people[0], trainer, "")
    second = _legacy(session, people[1], trainer, first.content_hash)
    assert first.content_hash == _old_way(AttendanceRecord.objects.filter(pk=first.pk).values()[0])
    keyed = _mark(session, people[2], trainer)
    assert keyed.key_id and keyed.previous_hash == second.content_hash
    result = attendance_chain_verify(session=session)
    assert result == [] and result.legacy_links == 2 and result.records == 3
    call_command("verify_attendance_chains", session=[session.pk])
    out = capsys.readouterr().out
    assert f"session {session.pk}: intact, 3 link(s), 2 legacy (unkeyed)" in out
    assert "0 broken" in out


def test_a_legacy_closed_session_still_checks_its_report_head(session, trainer):
    first = _legacy(session, registered(session)[0], trainer, "")
    SessionReport.objects.create(
        session=session, headcount=1, report="ok", chain_head=first.content_hash, closed_by=trainer
    )
    assert attendance_chain_verify(session=session) == []
    _delete(first.pk)
    assert attendance_chain_verify(session=session).codes == ["head_missing"]


def test_verification_takes_a_fixed_number_of_queries(
    session, trainer_association, trainer, django_assert_num_queries
):
    for person in registered(session, 2):
        _mark(session, person, trainer)
    _close(session, trainer)
    with django_assert_num_queries(3):
        attendance_chain_verify(session=session)
    bigger = session_now(association=trainer_association, starts_in=timedelta(days=-1))
    for person in registered(bigger, 6):
        _mark(bigger, person, trainer)
    _close(bigger, trainer)
    with django_assert_num_queries(3):
        attendance_chain_verify(session=bigger)


def test_frozen_heads_pass_against_an_unchanged_or_longer_chain(session, trainer):
    records = [_mark(session, p, trainer) for p in registered(session, 2)]
    empty = session_now(association=session.association, starts_in=timedelta(days=-1))
    heads = chain_heads(session_ids=[session.pk, empty.pk])
    assert chain_verify_against(heads) == {"ok": True, "checked": 2, "problems": [], "added": {}}
    _close(session, trainer)
    attendance_correct(record=records[0], status=Status.EXCUSED, reason="Justifié", by=trainer)
    result = chain_verify_against(heads, content=True)
    assert result["ok"] and result["added"] == {str(session.pk): 1}


def test_frozen_heads_report_a_deleted_head_or_earlier_link(session, trainer):
    records = [_mark(session, p, trainer) for p in registered(session, 3)]
    heads = chain_heads(session_ids=[session.pk])
    _delete(records[1].pk)
    sid = str(session.pk)
    assert chain_verify_against(heads)["problems"] == [
        {"session_id": sid, "code": "records_missing", "record_id": None},
        {"session_id": sid, "code": "broken_link", "record_id": records[2].pk},
    ]
    _delete(records[2].pk)
    result = chain_verify_against(heads)
    assert not result["ok"]
    assert result["problems"] == [{"session_id": sid, "code": "head_missing", "record_id": None}]
    _delete(records[0].pk)
    assert chain_verify_against(heads)["problems"] == [
        {"session_id": sid, "code": "chain_deleted", "record_id": None}
    ]


def test_frozen_heads_with_content_find_the_rehashed_chain(session, trainer):
    records = [_mark(session, p, trainer, Status.ABSENT) for p in registered(session, 2)]
    _forge_status(session, records[0], Status.PRESENT)
    forged_heads = chain_heads(session_ids=[session.pk])
    assert chain_verify_against(forged_heads)["ok"]  # the links still follow each other
    problems = chain_verify_against(forged_heads, content=True)["problems"]
    assert [(p["record_id"], p["code"]) for p in problems] == [
        (records[0].pk, "content_mismatch"),
        (records[1].pk, "content_mismatch"),
    ]
