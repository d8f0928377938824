"""Closing a session: the signed sheet's scans, the closing report that keeps the chain's head
and seals it, and the check of the whole chain."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.uploads import check_upload
from organisations import permissions

from ...models import (
    AttendanceRecord,
    AttendanceSheetScan,
    ChainSeal,
    SessionReport,
    TrainingSession,
)
from ..chains import ChainBreak, ChainVerification, verify_chain
from .marks import _chain_head, _check_session, _lock, _moment, _seal

__all__ = [
    "ChainBreak",
    "ChainVerification",
    "attendance_chain_verify",
    "session_close",
    "sheet_scan_upload",
]

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
    short report; the chain's head is kept (``SessionReport.chain_head``, for older readers)
    and sealed (a ``ChainSeal`` "closed": head, number of records, keyed mac), so that a later
    truncation shows. ``closed_at`` (default now) dates the closing of a demo session, and its
    seal."""
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
    _seal(session, reason=ChainSeal.Reason.CLOSED, sealed_at=session_report.closed_at)
    TrainingSession.objects.filter(pk=session.pk).update(status=TrainingSession.Status.HELD)
    return session_report


def attendance_chain_verify(*, session) -> ChainVerification:
    """Check the session's whole chain in three queries (its records, read once; its seals;
    its closing report): a ``ChainVerification``, the list of its ``ChainBreak`` (empty: the
    chain is intact), naming the first broken link (``first_broken``) and counting the legacy,
    unkeyed links apart (``legacy_links``: not a break, see ``courses.attendance.chains``).

    Codes: ``content_mismatch`` (a link's HMAC or legacy hash differs: the record was edited),
    ``broken_link`` (its ``previous_hash`` is not the previous record's: one deleted or
    inserted before it), ``downgraded`` (an unkeyed link after a keyed one), ``unknown_key``
    (a link or seal under a key this deployment does not hold: reported, never raised),
    ``seal_forged`` (a seal's mac is wrong), ``head_missing`` (the latest seal's head is not
    the chain's last link: the last records were deleted or changed; for a session closed
    before seals, the report's head is no longer in the chain), ``records_missing`` (the latest
    seal counts another number of records), ``chain_deleted`` (a seal exists, no record does),
    ``seal_missing`` (a closed session with keyed links has no seal left)."""
    records = (
        AttendanceRecord.objects.filter(session=session).order_by("pk").iterator(chunk_size=2000)
    )
    seals = ChainSeal.objects.filter(session=session).order_by("pk")
    closing = list(
        SessionReport.objects.filter(session=session).values_list("chain_head", flat=True)
    )
    return verify_chain(
        session_id=session.pk,
        records=records,
        seals=seals,
        closing_head=closing[0] if closing else None,
    )
