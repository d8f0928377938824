"""Anomaly flags on a session's attendance, for the programme officer's review.

A flag is a question to ask, not a verdict: each names the records it concerns so the reviewer
can look at them. Thresholds are settings with defaults here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models import AttendanceRecord, AttendanceSheetScan, SessionRegistration, TrainingSession
from . import checkin
from .selectors import session_staff_ids

Method = AttendanceRecord.Method
ATTENDED = set(AttendanceRecord.ATTENDED)


@dataclass(frozen=True)
class Flag:
    code: str
    message: str
    record_ids: tuple[int, ...] = field(default_factory=tuple)


def _device_threshold() -> int:
    return getattr(settings, "ATTENDANCE_DEVICE_MAX_PEOPLE", 3)


def _late_hours() -> int:
    return getattr(settings, "ATTENDANCE_LATE_ENTRY_HOURS", 72)


def _current(records):
    latest = {}
    for record in records:
        latest[record.person_key] = record
    return latest


def checkins_outside_window(session, records) -> list[Flag]:
    start, end = checkin.open_window(session)
    ids = tuple(
        r.pk
        for r in records
        if r.method in (Method.QR, Method.CODE) and not start <= r.recorded_at <= end
    )
    if not ids:
        return []
    return [Flag("checkin_outside_window", _("Check-ins outside the session's hours."), ids)]


def shared_device(session, records) -> list[Flag]:
    people_by_device = defaultdict(set)
    ids_by_device = defaultdict(list)
    for record in records:
        if record.device_hash and record.method in (Method.QR, Method.CODE):
            people_by_device[record.device_hash].add(record.person_key)
            ids_by_device[record.device_hash].append(record.pk)
    return [
        Flag(
            "shared_device",
            _("One device checked in several people."),
            tuple(ids_by_device[device]),
        )
        for device, people in people_by_device.items()
        if len(people) > _device_threshold()
    ]


def more_present_than_registered(session, records) -> list[Flag]:
    staff = session_staff_ids(sessions=[session])[session.pk]
    present = [
        r
        for r in _current(records).values()
        if r.status in ATTENDED and (r.learner_id is None or r.learner_id not in staff)
    ]
    registered = (
        SessionRegistration.objects.filter(
            session=session, status=SessionRegistration.Status.CONFIRMED
        )
        .exclude(learner_id__in=staff)
        .count()
    )
    if len(present) <= registered:
        return []
    return [
        Flag(
            "more_present_than_registered",
            _("More people present than registered."),
            tuple(r.pk for r in present),
        )
    ]


def late_entries(session, records) -> list[Flag]:
    limit = session.ends_at + timedelta(hours=_late_hours())
    ids = tuple(r.pk for r in records if r.recorded_at > limit)
    if not ids:
        return []
    return [Flag("late_entry", _("Records added long after the session ended."), ids)]


def duplicate_sheets(session, records) -> list[Flag]:
    scans = AttendanceSheetScan.objects.filter(session=session)
    hashes = set(scans.values_list("sha256", flat=True))
    duplicated = {
        sha
        for sha in hashes
        if AttendanceSheetScan.objects.filter(sha256=sha).count() > 1  # few scans per session
    }
    if not duplicated:
        return []
    scan_ids = set(scans.filter(sha256__in=duplicated).values_list("pk", flat=True))
    ids = tuple(r.pk for r in records if r.sheet_scan_id in scan_ids)
    return [Flag("duplicate_sheet", _("The same scanned sheet was uploaded twice."), ids)]


def overlapping_sessions(session, records) -> list[Flag]:
    present = {
        r.learner_id: r for r in _current(records).values() if r.learner_id and r.status in ATTENDED
    }
    if not present:
        return []
    others = (
        AttendanceRecord.objects.filter(
            learner_id__in=present,
            session__starts_at__lt=session.ends_at,
            session__ends_at__gt=session.starts_at,
        )
        .exclude(session=session)
        .exclude(session__status=TrainingSession.Status.CANCELLED)
        .order_by("pk")
    )
    elsewhere = {}
    for record in others:  # latest per person and session
        elsewhere[(record.session_id, record.learner_id)] = record
    ids = set()
    for record in elsewhere.values():
        if record.status in ATTENDED:
            ids.update((record.pk, present[record.learner_id].pk))
    if not ids:
        return []
    return [
        Flag(
            "overlapping_sessions",
            _("Someone was present at two sessions at the same time."),
            tuple(sorted(ids)),
        )
    ]


def device_clock_off(session, records) -> list[Flag]:
    """Marks sent from a phone's offline queue whose clock was far from the server's: the
    record carries the time of receipt; the phone's time is beside it, for the reviewer."""
    from ..models import AttendanceReceipt

    limit = getattr(settings, "ATTENDANCE_DEVICE_CLOCK_SKEW_MINUTES", 10) * 60
    ids = tuple(
        AttendanceReceipt.objects.filter(session=session, record__isnull=False)
        .filter(Q(clock_skew_seconds__gt=limit) | Q(clock_skew_seconds__lt=-limit))
        .order_by("record_id")
        .values_list("record_id", flat=True)
        .distinct()
    )
    if not ids:
        return []
    return [Flag("device_clock_off", _("Marks sent from a phone whose clock was far off."), ids)]


DETECTORS = [
    checkins_outside_window,
    shared_device,
    more_present_than_registered,
    late_entries,
    duplicate_sheets,
    overlapping_sessions,
    device_clock_off,
]


def session_flags(*, session) -> list[Flag]:
    records = list(AttendanceRecord.objects.filter(session=session).order_by("pk"))
    flags: list[Flag] = []
    for detector in DETECTORS:
        flags.extend(detector(session, records))
    return flags
