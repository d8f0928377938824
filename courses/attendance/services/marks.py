"""Attendance marks: roll call and sheet marks, self check-in, corrections, walk-ins and their
claim, each one link appended to the session's chain (an HMAC-SHA-256 under the current
evidence key, ``AttendanceRecord.link``). A record added to a closed session (a correction
after closing) seals the chain's new head in the same transaction (``ChainSeal``, reason
"appended"), so deleting it later shows.

Every append locks the session row first: appends to one session happen one after the other,
each sees the true last hash, and the chain never forks (a unique constraint backs this up).
A record that may count towards a learner's course sends ``courses.signals.attendance_recorded``
inside the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from organisations import permissions

from ... import signals
from ...models import (
    AttendanceRecord,
    ChainSeal,
    Participant,
    SessionRegistration,
    SessionReport,
    TrainingSession,
)
from .. import checkin

Status = AttendanceRecord.Status
Method = AttendanceRecord.Method
ATTENDED = AttendanceRecord.ATTENDED


def _lock(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


def _person_filter(person) -> dict:
    if isinstance(person, Participant):
        return {"participant": person}
    return {"learner": person}


def _moment(at) -> object:
    """``at`` if given (a record entered from an earlier log: the demo data, which dates each
    mark at its session's time), else now. Never later than now."""
    now = timezone.now()
    if at is None:
        return now
    if at > now:
        raise ValidationError(_("A record cannot be dated in the future."), code="future")
    return at


def _current(session, person) -> AttendanceRecord | None:
    return (
        AttendanceRecord.objects.filter(session=session, **_person_filter(person))
        .order_by("-pk")
        .first()
    )


def _chain_head(session) -> str | None:
    """The hash of the session's last record (None before the first)."""
    return (
        AttendanceRecord.objects.filter(session=session)
        .order_by("-pk")
        .values_list("content_hash", flat=True)
        .first()
    )


def _append(
    *,
    session,
    person,
    status,
    method,
    by,
    device_hash="",
    supersedes=None,
    reason="",
    sheet_scan=None,
    recorded_at=None,
) -> AttendanceRecord:
    """Add one link to the session's chain. The caller holds the session lock."""
    last_hash = _chain_head(session)
    record = AttendanceRecord(
        session=session,
        status=status,
        method=method,
        recorded_by=by,
        recorded_at=_moment(recorded_at),
        device_hash=device_hash,
        supersedes=supersedes,
        reason=reason,
        sheet_scan=sheet_scan,
        **_person_filter(person),
    )
    record.link(previous_hash=last_hash or "")
    # Foreign keys come from the caller's own objects: check the values, not the rows again.
    record.full_clean(
        exclude=["session", "learner", "participant", "recorded_by", "supersedes", "sheet_scan"],
        validate_unique=False,
        validate_constraints=False,
    )
    record.save()
    if SessionReport.objects.filter(session_id=session.pk).exists():
        _seal(session, reason=ChainSeal.Reason.APPENDED)
    return record


def _seal(session, *, reason, sealed_at=None) -> ChainSeal:
    """Seal the session's chain as it now ends: its head, its length, the current key. The
    caller holds the session lock, inside the transaction that added the last record."""
    head = _chain_head(session) or ""
    seal = ChainSeal(
        session=session,
        head=head,
        records=AttendanceRecord.objects.filter(session=session).count(),
        reason=reason,
        sealed_at=sealed_at or timezone.now(),
    )
    seal.sign()
    seal.save()
    return seal


def _check_session(session: TrainingSession) -> None:
    if session.status == TrainingSession.Status.CANCELLED:
        raise ValidationError(_("This session has been cancelled."), code="cancelled")


def _check_window_opened(session: TrainingSession, when) -> None:
    """No mark of any kind before the session's attendance window opens (a "present" for a
    session next week is a mistake or a lie)."""
    opens, _closes = checkin.open_window(session)
    if when < opens:
        raise ValidationError(
            _("Attendance for this session opens on %(time)s.")
            % {"time": date_format(timezone.localtime(opens), "SHORT_DATETIME_FORMAT")},
            code="not_open_yet",
        )


def _mark(
    *,
    session,
    person,
    status,
    method,
    by,
    request_meta=None,
    sheet_scan=None,
    recorded_at=None,
    reason="",
    marked_at=None,
):
    """(record, created). Marking the status a person already has changes nothing.

    ``marked_at`` is when the mark was taken, if earlier than its receipt (a mark queued on a
    phone offline); the window rules read it, the record keeps the time of receipt."""
    session = _lock(session)
    _check_session(session)
    moment = _moment(recorded_at)
    when = min(marked_at, moment) if marked_at is not None else moment
    _check_window_opened(session, when)
    current = _current(session, person)
    reason = (reason or "").strip()
    if current is not None:
        self_check_in = method in (Method.QR, Method.CODE)
        if current.status == status or (self_check_in and current.status in ATTENDED):
            return current, False
        if self_check_in and current.reason:
            # The staff changed this mark and said why: a scan does not undo it.
            raise ValidationError(
                _("The session's staff corrected your mark: ask them to change it."),
                code="corrected",
            )
        # Changing a mark is part of the roll call while the session is open; afterwards, or
        # against a signed sheet, it is a correction that needs a reason.
        if method == Method.SHEET or not checkin.is_open(session, now=when):
            raise ValidationError(
                _("This person already has a mark: correct it and give a reason."),
                code="use_correction",
            )
        # A mark changed with a reason is changed again only with a reason.
        if current.reason and not reason:
            raise ValidationError(
                _("This mark was corrected with a reason: give a reason to change it."),
                code="reason_required",
            )
    record = _append(
        session=session,
        person=person,
        status=status,
        method=method,
        by=by,
        device_hash=checkin.device_hash(request_meta),
        supersedes=current,
        reason=reason if current is not None else "",
        sheet_scan=sheet_scan,
        recorded_at=recorded_at,
    )
    return record, True


@transaction.atomic
def attendance_mark(
    *,
    session,
    participant,
    status,
    method,
    by,
    request_meta=None,
    sheet_scan=None,
    recorded_at=None,
    reason="",
    marked_at=None,
) -> AttendanceRecord:
    """Mark ``participant`` (a user or a walk-in ``Participant``) at ``session``.

    The session's staff mark by roll call or from a signed sheet; a person marks only themselves,
    by QR code or typed code (see ``attendance_check_in``). ``recorded_at`` (default now, never
    in the future) dates a mark entered from an earlier log; only the demo data uses it, so its
    records carry their session's time, as the anomaly flags expect.

    No mark is taken before the session's attendance window opens. Changing a mark that was
    corrected with a reason needs a ``reason`` too. ``marked_at``: see ``_mark``.
    """
    return _attendance_mark(
        session=session,
        participant=participant,
        status=status,
        method=method,
        by=by,
        request_meta=request_meta,
        sheet_scan=sheet_scan,
        recorded_at=recorded_at,
        reason=reason,
        marked_at=marked_at,
    )[0]


def _attendance_mark(
    *,
    session,
    participant,
    status,
    method,
    by,
    request_meta=None,
    sheet_scan=None,
    recorded_at=None,
    reason="",
    marked_at=None,
) -> tuple[AttendanceRecord, bool]:
    """``attendance_mark``, also saying whether a record was added."""
    if status not in Status.values:
        raise ValidationError(_("Unknown attendance status."), code="status")
    if method == Method.CORRECTION:
        raise ValidationError(_("Use a correction to change a mark."), code="use_correction")
    if method in (Method.QR, Method.CODE):
        if isinstance(participant, Participant) or participant.pk != by.pk:
            raise PermissionDenied(_("You may only check yourself in."))
        if not permissions.can_check_in(by, session):
            raise PermissionDenied(_("You may not check in to this session."))
    elif not permissions.can_take_attendance(by, session):
        raise PermissionDenied(_("You may not take attendance for this session."))
    if method == Method.SHEET and (sheet_scan is None or sheet_scan.session_id != session.pk):
        raise ValidationError(_("Choose the scanned sheet of this session."), code="sheet")
    if method != Method.SHEET:
        sheet_scan = None
    record, created = _mark(
        session=session,
        person=participant,
        status=status,
        method=method,
        by=by,
        request_meta=request_meta,
        sheet_scan=sheet_scan,
        recorded_at=recorded_at,
        reason=reason,
        marked_at=marked_at,
    )
    signals.attendance_recorded.send(sender=AttendanceRecord, record=record)
    return record, created


@transaction.atomic
def attendance_mark_all_present(*, session, by, request_meta=None) -> list[AttendanceRecord]:
    """The roll call's "everyone present" step: every confirmed learner without a mark yet is
    marked present; marks already taken stay as they are. The trainer then changes the
    exceptions one by one."""
    if not permissions.can_take_attendance(by, session):
        raise PermissionDenied(_("You may not take attendance for this session."))
    session = _lock(session)
    _check_session(session)
    _check_window_opened(session, timezone.now())
    marked = AttendanceRecord.objects.filter(session=session, learner__isnull=False).values(
        "learner_id"
    )
    waiting = (
        SessionRegistration.objects.filter(
            session=session, status=SessionRegistration.Status.CONFIRMED
        )
        .exclude(learner_id__in=marked)
        .select_related("learner")
        .order_by("pk")
    )
    records = []
    for registration in waiting:
        record, _created = _mark(
            session=session,
            person=registration.learner,
            status=Status.PRESENT,
            method=Method.ROLL_CALL,
            by=by,
            request_meta=request_meta,
        )
        signals.attendance_recorded.send(sender=AttendanceRecord, record=record)
        records.append(record)
    return records


@dataclass(frozen=True)
class CheckIn:
    record: AttendanceRecord
    created: bool


def checkin_session_for_code(*, code: str, now=None) -> TrainingSession:
    """The open session whose current typed code is ``code``."""
    now = now or timezone.now()
    candidates = checkin.open_sessions(TrainingSession.objects.all(), now=now)
    for session in candidates.only("pk", "starts_at", "ends_at", "status"):
        if checkin.code_matches(session_id=session.pk, code=code, now=now.timestamp()):
            return session
    raise ValidationError(_("This code is not valid or has expired."), code="unknown_code")


@transaction.atomic
def attendance_check_in(
    *,
    learner,
    session=None,
    token: str = "",
    code: str = "",
    checkin_pass: str = "",
    request_meta=None,
) -> CheckIn:
    """A signed-in person checks themselves in with the QR token (or the pass the scan gave
    them) or the typed code. Checking in twice creates nothing the second time."""
    if checkin_pass:
        session_id = checkin.pass_verify(checkin_pass, user_id=learner.pk)
        if session is not None and session.pk != session_id:
            raise ValidationError(_("This code belongs to another session."), code="wrong_session")
        method = Method.QR
    elif token:
        session_id = checkin.token_verify(token, session_id=session.pk if session else None)
        method = Method.QR
    elif code:
        session_id = checkin_session_for_code(code=code).pk
        if session is not None and session.pk != session_id:
            raise ValidationError(_("This code belongs to another session."), code="wrong_session")
        method = Method.CODE
    else:
        raise ValidationError(_("Scan the QR code or type the code."), code="missing")
    session = TrainingSession.objects.get(pk=session_id)
    _check_session(session)
    if not checkin.is_open(session):
        raise ValidationError(checkin.window_message(session), code="closed")
    if not permissions.can_check_in(learner, session):
        raise PermissionDenied(_("You may not check in to this session."))
    record, created = _mark(
        session=session,
        person=learner,
        status=Status.PRESENT,
        method=method,
        by=learner,
        request_meta=request_meta,
    )
    if created:
        # Checking oneself in can complete an attendance rule, as a trainer's mark does.
        signals.attendance_recorded.send(sender=AttendanceRecord, record=record)
    return CheckIn(record=record, created=created)


@transaction.atomic
def attendance_correct(*, record: AttendanceRecord, status: str, reason: str, by, recorded_at=None):
    """Add a record that supersedes ``record`` (the person's latest), with who and why
    (``recorded_at``: as for ``attendance_mark``)."""
    if not permissions.can_take_attendance(by, record.session):
        raise PermissionDenied(_("You may not correct attendance for this session."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why this mark is corrected."), code="reason_required")
    if status not in Status.values:
        raise ValidationError(_("Unknown attendance status."), code="status")
    session = _lock(record.session)
    _check_window_opened(session, _moment(recorded_at))
    current = _current(session, record.person)
    if current is None or current.pk != record.pk:
        raise ValidationError(
            _("This mark has already been replaced: correct the latest one."), code="not_current"
        )
    if status == record.status:
        raise ValidationError(_("The status is unchanged."), code="unchanged")
    corrected = _append(
        session=session,
        person=record.person,
        status=status,
        method=Method.CORRECTION,
        by=by,
        supersedes=record,
        reason=reason,
        recorded_at=recorded_at,
    )
    signals.attendance_recorded.send(sender=AttendanceRecord, record=corrected)
    return corrected


@transaction.atomic
def walk_in_add(
    *, session, by, status: str = Status.PRESENT, recorded_at=None, **fields
) -> AttendanceRecord:
    """Record someone without an account who came on the day, and mark them (``recorded_at``:
    as for ``attendance_mark``)."""
    if not permissions.can_take_attendance(by, session):
        raise PermissionDenied(_("You may not take attendance for this session."))
    participant = Participant(created_by=by, created_at=_moment(recorded_at), **fields)
    if not (participant.name_ar.strip() or participant.name_latin.strip()):
        raise ValidationError(_("Enter the person's name."), code="name_required")
    participant.full_clean()
    participant.save()
    record, _created = _mark(
        session=session,
        person=participant,
        status=status,
        method=Method.ROLL_CALL,
        by=by,
        recorded_at=recorded_at,
    )
    return record


@transaction.atomic
def participant_claim(*, participant: Participant, user, by) -> Participant:
    """Link a walk-in to the account the same person opened later."""
    sessions = TrainingSession.objects.filter(attendance_records__participant=participant)
    if not any(permissions.can_take_attendance(by, s) for s in sessions.distinct()):
        raise PermissionDenied(_("You may not link this participant."))
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.claimed_by_id and participant.claimed_by_id != user.pk:
        raise ValidationError(_("Another account has already claimed this."), code="claimed")
    participant.claimed_by = user
    participant.save(update_fields=["claimed_by"])
    return participant
