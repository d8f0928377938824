"""Closing a session: the signed sheet's scans, the closing report that keeps the chain's head,
and the check of the whole hash chain."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.uploads import check_upload
from organisations import permissions

from ...models import AttendanceRecord, AttendanceSheetScan, SessionReport, TrainingSession
from .marks import _chain_head, _check_session, _lock, _moment

# --- Sheet scans ---------------------------------------------------------------------------


@transaction.atomic
def sheet_scan_upload(*, session, file, by, uploaded_at=None) -> AttendanceSheetScan:
    """Attach the signed sheet's scan. The type is read from the content, never the name; the
    same file uploaded again is kept but points at the first copy (an anomaly flag).
    ``uploaded_at`` (default now) dates a scan of the demo data."""
    if not permissions.can_take_attendance(by, session):
        raise PermissionDenied(_("You may not upload sheets for this session."))
    # Type from the content, PDFs parsed, photos re-encoded without EXIF (a phone's GPS).
    checked = check_upload(file, kind="scan")
    sha256 = checked.sha256
    return AttendanceSheetScan.objects.create(
        session=session,
        file=checked.file,
        sha256=sha256,
        content_type=checked.content_type,
        size=checked.size,
        duplicate_of=AttendanceSheetScan.objects.filter(sha256=sha256).order_by("pk").first(),
        uploaded_by=by,
        uploaded_at=_moment(uploaded_at),
    )


# --- Closing a session and checking the chain ----------------------------------------------


@transaction.atomic
def session_close(
    *,
    session,
    by,
    headcount: int,
    organisations_present,
    report: str,
    photos_consent: bool,
    closed_at=None,
) -> SessionReport:
    """Record that the session was held, with the headcount, the organisations present and a
    short report; the chain's head is kept so that a later truncation shows. ``closed_at``
    (default now) dates the closing of a demo session."""
    if not permissions.can_take_attendance(by, session):
        raise PermissionDenied(_("You may not close this session."))
    session = _lock(session)
    _check_session(session)
    if session.starts_at > timezone.now():
        raise ValidationError(_("The session has not started yet."), code="not_started")
    if SessionReport.objects.filter(session=session).exists():
        raise ValidationError(_("This session is already closed."), code="already_closed")
    head = _chain_head(session)
    session_report = SessionReport(
        session=session,
        headcount=headcount,
        report=(report or "").strip(),
        photos_consent=bool(photos_consent),
        chain_head=head or "",
        closed_by=by,
        closed_at=_moment(closed_at),
    )
    session_report.full_clean(exclude=["organisations_present"])
    session_report.save()
    session_report.organisations_present.set(organisations_present or [])
    TrainingSession.objects.filter(pk=session.pk).update(status=TrainingSession.Status.HELD)
    return session_report


@dataclass(frozen=True)
class ChainBreak:
    record_id: int | None
    code: str  # content_mismatch, broken_link or head_missing


def attendance_chain_verify(*, session) -> list[ChainBreak]:
    """Recompute every hash of the session's chain; an empty list means it is intact."""
    breaks: list[ChainBreak] = []
    expected_previous = ""
    seen: set[str] = set()
    for record in AttendanceRecord.objects.filter(session=session).order_by("pk").iterator():
        if record.compute_hash() != record.content_hash:
            breaks.append(ChainBreak(record.pk, "content_mismatch"))
        if record.previous_hash != expected_previous:
            breaks.append(ChainBreak(record.pk, "broken_link"))
        expected_previous = record.content_hash
        seen.add(record.content_hash)
    head = SessionReport.objects.filter(session=session).values_list("chain_head", flat=True)
    if head and head[0] and head[0] not in seen:
        breaks.append(ChainBreak(None, "head_missing"))
    return breaks
