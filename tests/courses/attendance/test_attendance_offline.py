"""Marks queued on a phone offline and sent when the network returns: once each, in order,
chain intact, the phone's clock kept beside the server's and flagged when far off, refusals
answered with a reason."""

import json
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from courses.attendance import checkin, flags
from courses.attendance.services import (
    attendance_chain_verify,
    attendance_correct,
    attendance_mark,
    attendance_sync,
)
from courses.models import AttendanceReceipt, AttendanceRecord

from ...factories.attendance import registered, session_now

pytestmark = pytest.mark.django_db

Status = AttendanceRecord.Status


@pytest.fixture
def session(trainer_association):
    return session_now(association=trainer_association)


def _item(session, person, status=Status.PRESENT, *, ago=timedelta(minutes=5), skew=None, **more):
    now = timezone.now()
    skew = skew or timedelta(0)
    return {
        "key": uuid.uuid4().hex,
        "kind": "mark",
        "session": session.pk,
        "person": f"u{person.pk}",
        "status": status,
        "marked_at": (now - ago + skew).isoformat(),
        "sent_at": (now + skew).isoformat(),
        **more,
    }


def test_a_queue_is_recorded_in_order_once_with_the_chain_intact(session, trainer):
    people = registered(session, 3)
    items = [
        _item(session, p, s) for p, s in zip(people, ["present", "late", "absent"], strict=True)
    ]
    answers = attendance_sync(by=trainer, items=items)
    assert [a["outcome"] for a in answers] == ["recorded"] * 3
    records = list(AttendanceRecord.objects.filter(session=session).order_by("pk"))
    assert [r.learner_id for r in records] == [p.pk for p in people]
    assert [r.status for r in records] == ["present", "late", "absent"]
    again = attendance_sync(by=trainer, items=items)
    assert all(a["repeated"] for a in again)
    assert [a["outcome"] for a in again] == ["recorded"] * 3
    assert AttendanceRecord.objects.filter(session=session).count() == 3
    assert attendance_chain_verify(session=session) == []


def test_the_record_keeps_the_receipt_time_and_the_receipt_the_phone_time(session, trainer):
    (person,) = registered(session)
    item = _item(session, person, ago=timedelta(minutes=20))
    before = timezone.now()
    attendance_sync(by=trainer, items=[item])
    receipt = AttendanceReceipt.objects.get(key=item["key"])
    assert receipt.record.recorded_at >= before
    assert receipt.device_marked_at.isoformat() == item["marked_at"]
    assert abs(receipt.clock_skew_seconds) <= 2
    assert "device_clock_off" not in {f.code for f in flags.session_flags(session=session)}


def test_a_phone_clock_far_off_is_flagged_not_corrected(session, trainer):
    (person,) = registered(session)
    item = _item(session, person, skew=timedelta(hours=-3))
    (answer,) = attendance_sync(by=trainer, items=[item])
    assert answer["outcome"] == "recorded"
    receipt = AttendanceReceipt.objects.get(key=item["key"])
    assert receipt.clock_skew_seconds >= 3 * 3600 - 5
    (flag,) = [f for f in flags.session_flags(session=session) if f.code == "device_clock_off"]
    assert flag.record_ids == (receipt.record_id,)
    assert attendance_chain_verify(session=session) == []


def test_a_tap_then_a_change_offline_are_two_links(session, trainer):
    (person,) = registered(session)
    items = [_item(session, person, "absent"), _item(session, person, "present")]
    answers = attendance_sync(by=trainer, items=items)
    assert [a["status"] for a in answers] == ["absent", "present"]
    current = AttendanceRecord.objects.current().get(learner=person)
    assert current.status == "present"
    assert current.supersedes.status == "absent"


def test_the_same_status_again_is_answered_unchanged(session, trainer):
    (person,) = registered(session)
    attendance_mark(
        session=session, participant=person, status="present", method="roll_call", by=trainer
    )
    (answer,) = attendance_sync(by=trainer, items=[_item(session, person)])
    assert answer["outcome"] == "unchanged"
    assert AttendanceRecord.objects.count() == 1


def test_an_unknown_learner_is_refused_with_a_reason(session, trainer, citizen):
    answers = attendance_sync(
        by=trainer, items=[_item(session, citizen), {**_item(session, citizen), "person": "x1"}]
    )
    assert [a["code"] for a in answers] == ["unknown_person", "unknown_person"]
    assert all(a["message"] for a in answers)
    assert not AttendanceRecord.objects.exists()


def test_a_session_closed_too_long_ago_is_refused(trainer_association, trainer, settings):
    settings.ATTENDANCE_OFFLINE_MAX_HOURS = 72
    old = session_now(association=trainer_association, starts_in=timedelta(days=-5))
    (person,) = registered(old)
    (answer,) = attendance_sync(by=trainer, items=[_item(old, person, ago=timedelta(days=5))])
    assert answer["outcome"] == "refused"
    assert answer["code"] == "too_late"
    assert AttendanceReceipt.objects.get().outcome == "refused"


def test_a_mark_taken_before_the_window_is_refused(trainer_association, trainer):
    later = session_now(association=trainer_association, starts_in=timedelta(minutes=10))
    (person,) = registered(later)
    (answer,) = attendance_sync(by=trainer, items=[_item(later, person, ago=timedelta(hours=2))])
    assert answer["code"] == "not_open_yet"


def test_a_queued_tap_over_a_reasoned_correction_needs_a_reason(session, trainer):
    (person,) = registered(session)
    first = attendance_mark(
        session=session, participant=person, status="absent", method="roll_call", by=trainer
    )
    attendance_correct(record=first, status="excused", reason="Malade", by=trainer)
    (refused, accepted) = attendance_sync(
        by=trainer,
        items=[_item(session, person), _item(session, person, reason="Venue finalement")],
    )
    assert refused["code"] == "reason_required"
    assert accepted["outcome"] == "recorded"


def test_someone_elses_session_is_refused(session, learner):
    (person,) = registered(session)
    (answer,) = attendance_sync(by=learner, items=[_item(session, person)])
    assert answer["code"] == "forbidden"
    assert not AttendanceRecord.objects.exists()


@pytest.mark.parametrize(
    "broken",
    [
        {"key": "short"},
        {"key": None},
        {"kind": "delete"},
        {"session": "abc"},
        {"session": 999999},
        {"status": "here"},
        {"marked_at": "yesterday"},
        {"sent_at": None},
        {"marked_at": "2026-12-06T10:00:00"},  # no time zone
    ],
)
def test_bad_items_are_refused_and_never_recorded(session, trainer, broken):
    (person,) = registered(session)
    (answer,) = attendance_sync(by=trainer, items=[{**_item(session, person), **broken}])
    assert answer["outcome"] == "refused"
    assert not AttendanceRecord.objects.exists()


def test_a_whole_request_that_is_not_a_list_or_too_long_is_refused(trainer):
    with pytest.raises(ValidationError):
        attendance_sync(by=trainer, items={"key": "x"})
    with pytest.raises(ValidationError):
        attendance_sync(by=trainer, items=[{}] * 501)


def test_keys_belong_to_their_sender(session, trainer, association_admin):
    (person,) = registered(session)
    item = _item(session, person, "late")
    attendance_sync(by=trainer, items=[item])
    (answer,) = attendance_sync(by=association_admin, items=[{**item, "status": "absent"}])
    assert answer["repeated"] is False
    assert AttendanceReceipt.objects.count() == 2


# --- A learner's check-in scanned offline -------------------------------------------------------


def _scan(session, *, shown_at=None, token=None):
    now = timezone.now()
    shown = shown_at or now - timedelta(minutes=3)
    return {
        "key": uuid.uuid4().hex,
        "kind": "check_in",
        "session": session.pk,
        "token": token or checkin.token_make(session_id=session.pk, now=shown.timestamp()),
        "marked_at": shown.isoformat(),
        "sent_at": now.isoformat(),
    }


def test_a_check_in_scanned_offline_is_recorded_once(session):
    (person,) = registered(session)
    item = _scan(session, shown_at=timezone.now() - timedelta(minutes=40))
    (answer,) = attendance_sync(by=person, items=[item])
    assert answer["outcome"] == "recorded"
    attendance_sync(by=person, items=[item])
    record = AttendanceRecord.objects.get()
    assert record.method == "qr"
    assert record.learner == person


def test_an_offline_check_in_with_a_forged_or_other_token_is_refused(session, trainer_association):
    (person,) = registered(session)
    other = session_now(association=trainer_association)
    forged = checkin.token_make(session_id=session.pk)[:-4] + "0000"
    answers = attendance_sync(
        by=person,
        items=[
            _scan(session, token=forged),
            _scan(session, token=checkin.token_make(session_id=other.pk)),
        ],
    )
    assert [a["code"] for a in answers] == ["forged", "wrong_session"]
    assert not AttendanceRecord.objects.exists()


def test_a_code_shown_outside_the_window_is_refused(session):
    (person,) = registered(session)
    long_before = timezone.now() - timedelta(days=1)
    (answer,) = attendance_sync(by=person, items=[_scan(session, shown_at=long_before)])
    assert answer["code"] == "closed"


def test_the_sync_endpoint_answers_each_item(client, session, trainer):
    people = registered(session, 2)
    client.force_login(trainer)
    items = [_item(session, p) for p in people]
    response = client.post(
        reverse("attendance:sync"),
        data=json.dumps({"items": items}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert [a["outcome"] for a in response.json()["results"]] == ["recorded", "recorded"]


def test_the_sync_endpoint_refuses_bad_json_and_strangers(client, trainer):
    url = reverse("attendance:sync")
    assert client.post(url, data="{}", content_type="application/json").status_code == 302
    client.force_login(trainer)
    assert client.post(url, data="not json", content_type="application/json").status_code == 400
    assert client.post(url, data='{"items": 3}', content_type="application/json").status_code == 400
    assert client.get(url).status_code == 405


def test_the_sync_service_refuses_anonymous():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        attendance_sync(by=AnonymousUser(), items=[])
