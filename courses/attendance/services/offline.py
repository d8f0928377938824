"""Marks queued on a phone without a network, received when it returns.

The phone sends its queue in the order the marks were taken; each item carries an idempotency
key made on the phone, the phone's clock at marking and at sending, and either a roll-call mark
(person and status) or a learner's scanned QR token. Items are taken one by one, each in its own
transaction, and appended to the session's chain in the order received; each gets an answer
(recorded, already recorded, or refused with a reason), kept as an ``AttendanceReceipt`` so that
sending the same item again returns the same answer and never appends twice.

Time: the record carries the server's time of receipt (the chain's rule: never a time the
server did not see). The phone's clock is compared with the server's at sending; that gap,
applied to the time of marking, tells when the mark was taken, which the window rules read. The
gap itself is kept on the receipt and flagged when large (``flags.device_clock_off``), never
used to change a record. A scanned token is judged by its own window, signed by the server.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from accounts.models import User
from organisations import permissions

from ...models import (
    AttendanceReceipt,
    AttendanceRecord,
    Participant,
    SessionRegistration,
    TrainingSession,
)
from .. import checkin
from .marks import _attendance_mark, _check_session, _lock, _mark

Outcome = AttendanceReceipt.Outcome
KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
PERSON = re.compile(r"^[up]\d{1,12}$")
MAX_ITEMS = 500  # a day's roll calls; a longer queue is sent in several requests


def max_delay() -> timedelta:
    return timedelta(hours=getattr(settings, "ATTENDANCE_OFFLINE_MAX_HOURS", 72))


def skew_threshold() -> timedelta:
    return timedelta(minutes=getattr(settings, "ATTENDANCE_DEVICE_CLOCK_SKEW_MINUTES", 10))


class Refused(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _time(value) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        return None
    if parsed is None or timezone.is_naive(parsed):
        return None
    return parsed


def _answer(receipt: AttendanceReceipt, *, repeated: bool = False) -> dict:
    record = receipt.record
    return {
        "key": receipt.key,
        "outcome": receipt.outcome,
        "code": receipt.code,
        "message": receipt.message,
        "status": record.status if record else receipt.status,
        "label": record.get_status_display() if record else "",
        "person": receipt.person,
        "repeated": repeated,
    }


def _refused(key: str, code: str, message: str) -> dict:
    return {
        "key": key,
        "outcome": Outcome.REFUSED,
        "code": code,
        "message": message,
        "status": "",
        "label": "",
        "person": "",
        "repeated": False,
    }


def _person(session: TrainingSession, key: str):
    """The learner or walk-in ``key`` names, if they belong on this session's roll call."""
    if not isinstance(key, str) or not PERSON.match(key):
        raise Refused("unknown_person", _("This person is not on the session's list."))
    number = int(key[1:])
    if key[0] == "p":
        person = (
            Participant.objects.filter(pk=number, attendance_records__session=session)
            .distinct()
            .first()
        )
    else:
        on_roster = (
            SessionRegistration.objects.filter(
                session=session, learner_id=number, status=SessionRegistration.Status.CONFIRMED
            ).exists()
            or AttendanceRecord.objects.filter(session=session, learner_id=number).exists()
        )
        person = User.objects.filter(pk=number).first() if on_roster else None
    if person is None:
        raise Refused("unknown_person", _("This person is not on the session's list."))
    return person


def _check_not_too_late(session: TrainingSession, received_at: datetime) -> None:
    _opens, closes = checkin.open_window(session)
    if received_at > closes + max_delay():
        raise Refused(
            "too_late",
            _("The session closed too long ago for marks sent from a phone: use a correction."),
        )


def _record_mark(*, item, session, by, received_at, marked_at, request_meta):
    if not permissions.can_take_attendance(by, session):
        raise Refused("forbidden", _("You may not take attendance for this session."))
    status = item.get("status")
    if status not in AttendanceRecord.Status.values:
        raise Refused("status", _("Unknown attendance status."))
    person = _person(session, item.get("person"))
    _check_not_too_late(session, received_at)
    reason = item.get("reason") if isinstance(item.get("reason"), str) else ""
    return _attendance_mark(
        session=session,
        participant=person,
        status=status,
        method=AttendanceRecord.Method.ROLL_CALL,
        by=by,
        request_meta=request_meta,
        reason=reason[:500],
        marked_at=marked_at,
    )


def _record_check_in(*, item, session, by, received_at, request_meta):
    session_id, window = checkin.token_parse(item.get("token") or "", session_id=session.pk)
    del session_id
    shown_at = datetime.fromtimestamp(checkin.window_start(window), tz=UTC)
    opens, closes = checkin.open_window(session)
    if shown_at > received_at:
        raise Refused("forged", _("This check-in code is not valid."))
    if not opens <= shown_at <= closes:
        raise Refused("closed", _("This code was not shown during the session's check-in."))
    _check_not_too_late(session, received_at)
    if not permissions.can_check_in(by, session):
        raise Refused("forbidden", _("You may not check in to this session."))
    record, created = _mark(
        session=session,
        person=by,
        status=AttendanceRecord.Status.PRESENT,
        method=AttendanceRecord.Method.QR,
        by=by,
        request_meta=request_meta,
        marked_at=shown_at,
    )
    if created:
        from ... import signals

        signals.attendance_recorded.send(sender=AttendanceRecord, record=record)
    return record, created


def _one(*, item, by, request_meta) -> dict:
    if not isinstance(item, dict):
        return _refused("", "bad_request", _("This mark could not be read."))
    key = item.get("key")
    if not isinstance(key, str) or not KEY.match(key):
        return _refused("", "bad_request", _("This mark could not be read."))
    kind = item.get("kind")
    if kind not in AttendanceReceipt.Kind.values:
        return _refused(key, "bad_request", _("This mark could not be read."))
    session_id = item.get("session")
    session = None
    if isinstance(session_id, int) or (isinstance(session_id, str) and session_id.isdigit()):
        session = TrainingSession.objects.filter(pk=int(session_id)).first()
    received_at = timezone.now()
    marked_at, sent_at = _time(item.get("marked_at")), _time(item.get("sent_at"))
    skew = (received_at - sent_at) if sent_at else timedelta(0)
    corrected = (marked_at + skew) if marked_at else received_at
    receipt = AttendanceReceipt(
        key=key,
        submitted_by=by,
        session=session,
        kind=kind,
        person=item.get("person") if isinstance(item.get("person"), str) else "",
        status=item.get("status") if isinstance(item.get("status"), str) else "",
        device_marked_at=marked_at,
        device_sent_at=sent_at,
        received_at=received_at,
        clock_skew_seconds=int(skew.total_seconds()),
    )
    receipt.person, receipt.status = receipt.person[:20], receipt.status[:10]
    try:
        with transaction.atomic():
            if session is not None:
                session = _lock(session)  # two sends of one key are served one after the other
            earlier = AttendanceReceipt.objects.filter(submitted_by=by, key=key).first()
            if earlier is not None:
                return _answer(earlier, repeated=True)
            try:
                if session is None:
                    raise Refused("unknown_session", _("This session does not exist."))
                if marked_at is None or sent_at is None:
                    raise Refused("bad_request", _("This mark could not be read."))
                _check_session(session)
                with transaction.atomic():
                    if kind == AttendanceReceipt.Kind.MARK:
                        record, created = _record_mark(
                            item=item,
                            session=session,
                            by=by,
                            received_at=received_at,
                            marked_at=corrected,
                            request_meta=request_meta,
                        )
                    else:
                        record, created = _record_check_in(
                            item=item,
                            session=session,
                            by=by,
                            received_at=received_at,
                            request_meta=request_meta,
                        )
            except Refused as refusal:
                receipt.outcome, receipt.code, receipt.message = (
                    Outcome.REFUSED,
                    refusal.code,
                    refusal.message[:300],
                )
            except (ValidationError, PermissionDenied, ObjectDoesNotExist) as error:
                message = " ".join(getattr(error, "messages", [])) or _(
                    "You may not take attendance for this session."
                )
                receipt.outcome = Outcome.REFUSED
                receipt.code = (getattr(error, "code", "") or "forbidden")[:40]
                receipt.message = message[:300]
            else:
                receipt.record = record
                receipt.outcome = Outcome.RECORDED if created else Outcome.UNCHANGED
            receipt.save()
            return _answer(receipt)
    except IntegrityError:
        # The same key saved meanwhile by a request racing this one: its answer stands.
        earlier = AttendanceReceipt.objects.filter(submitted_by=by, key=key).first()
        if earlier is None:
            raise
        return _answer(earlier, repeated=True)


def attendance_sync(*, by, items, request_meta=None) -> list[dict]:
    """Take the phone's queued ``items`` in order; one answer per item, in the same order."""
    if not by.is_authenticated:
        raise PermissionDenied(_("Sign in to send your marks."))
    if not isinstance(items, list):
        raise ValidationError(_("This mark could not be read."), code="bad_request")
    if len(items) > MAX_ITEMS:
        raise ValidationError(_("Too many marks at once."), code="too_many")
    return [_one(item=item, by=by, request_meta=request_meta) for item in items]
