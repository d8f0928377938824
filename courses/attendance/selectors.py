"""Attendance reads: the roll-call roster, and the rates a funder looks at.

Every figure counts beneficiaries only: the delivering association's staff and the session's
trainers are never counted, even when they are registered or checked in. A person's status in a
session is their latest record. Excused absences count neither for nor against anyone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Min, Q
from django.utils import timezone

from organisations.models import Membership

from ..models import (
    AttendanceRecord,
    AttendanceSheetScan,
    Enrollment,
    SessionRegistration,
    TrainingSession,
    person_key,
)

ATTENDED = set(AttendanceRecord.ATTENDED)
EXCUSED = AttendanceRecord.Status.EXCUSED


@dataclass
class RosterRow:
    key: str
    name_ar: str
    name_latin: str
    learner: object = None
    participant: object = None
    registered: bool = False
    record: AttendanceRecord | None = None
    history: list = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.record.status if self.record else ""

    @property
    def display_name(self) -> str:
        return self.name_ar or self.name_latin


def session_roster_rows(*, session) -> list[RosterRow]:
    """Everyone expected or recorded at ``session``, with their latest record (2 queries)."""
    rows: dict[str, RosterRow] = {}
    registrations = SessionRegistration.objects.filter(
        session=session, status=SessionRegistration.Status.CONFIRMED
    ).select_related("learner")
    for registration in registrations:
        learner = registration.learner
        rows[person_key(learner.pk, None)] = RosterRow(
            key=person_key(learner.pk, None),
            name_ar=learner.full_name_ar,
            name_latin=learner.full_name_latin or learner.display_name,
            learner=learner,
            registered=True,
        )
    records = (
        AttendanceRecord.objects.filter(session=session)
        .select_related("learner", "participant", "recorded_by")
        .order_by("pk")
    )
    for record in records:
        key = record.person_key
        row = rows.get(key)
        if row is None:
            person = record.person
            row = rows[key] = RosterRow(
                key=key,
                name_ar=person.full_name_ar if record.learner_id else person.name_ar,
                name_latin=(person.full_name_latin or person.display_name)
                if record.learner_id
                else person.name_latin,
                learner=record.learner,
                participant=record.participant,
            )
        row.record = record
        row.history.append(record)
    return sorted(rows.values(), key=lambda r: (r.display_name.casefold(), r.key))


def session_staff_ids(*, sessions) -> dict[int, set[int]]:
    """For each session, the user ids of its association's staff and its trainers (2 queries)."""
    sessions = list(sessions)
    by_association: dict[int, set[int]] = defaultdict(set)
    for organisation_id, user_id in Membership.objects.filter(
        organisation_id__in={s.association_id for s in sessions}
    ).values_list("organisation_id", "user_id"):
        by_association[organisation_id].add(user_id)
    trainers: dict[int, set[int]] = defaultdict(set)
    through = TrainingSession.trainers.through
    for session_id, user_id in through.objects.filter(
        trainingsession_id__in=[s.pk for s in sessions]
    ).values_list("trainingsession_id", "user_id"):
        trainers[session_id].add(user_id)
    return {s.pk: by_association[s.association_id] | trainers[s.pk] for s in sessions}


def _current_statuses(session_ids) -> dict[int, dict[str, tuple[str, int | None]]]:
    """session id → person key → (latest status, learner id): one query, in chain order."""
    current: dict[int, dict[str, tuple[str, int | None]]] = defaultdict(dict)
    rows = (
        AttendanceRecord.objects.filter(session_id__in=session_ids)
        .order_by("pk")
        .values_list("session_id", "learner_id", "participant_id", "status")
    )
    for session_id, learner_id, participant_id, status in rows:
        current[session_id][person_key(learner_id, participant_id)] = (status, learner_id)
    return current


def _confirmed(session_ids) -> dict[int, set[int]]:
    confirmed: dict[int, set[int]] = defaultdict(set)
    for session_id, learner_id in SessionRegistration.objects.filter(
        session_id__in=session_ids, status=SessionRegistration.Status.CONFIRMED
    ).values_list("session_id", "learner_id"):
        confirmed[session_id].add(learner_id)
    return confirmed


@dataclass
class Figures:
    expected: int = 0  # beneficiaries registered or recorded, excused ones left out
    attended: int = 0  # present or late
    excused: int = 0
    registered: int = 0
    walk_ins: int = 0
    sessions: int = 0

    @property
    def rate(self) -> float | None:
        return round(self.attended / self.expected, 4) if self.expected else None

    def add(self, other: Figures) -> None:
        for name in ("expected", "attended", "excused", "registered", "walk_ins", "sessions"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def sessions_figures(*, sessions) -> dict[int, Figures]:
    """Figures per session, in a fixed number of queries whatever the number of sessions."""
    sessions = list(sessions)
    ids = [s.pk for s in sessions]
    staff = session_staff_ids(sessions=sessions)
    confirmed = _confirmed(ids)
    current = _current_statuses(ids)
    figures = {}
    for session in sessions:
        excluded = staff[session.pk]
        people: dict[str, str] = {
            person_key(learner_id, None): "" for learner_id in confirmed[session.pk] - excluded
        }
        walk_ins = 0
        for key, (status, learner_id) in current[session.pk].items():
            if learner_id in excluded:
                continue
            people[key] = status
            walk_ins += learner_id is None
        excused = sum(status == EXCUSED for status in people.values())
        figures[session.pk] = Figures(
            expected=len(people) - excused,
            attended=sum(status in ATTENDED for status in people.values()),
            excused=excused,
            registered=len(confirmed[session.pk] - excluded),
            walk_ins=walk_ins,
            sessions=1,
        )
    return figures


def held_sessions(queryset=None):
    """Sessions that took place: started, not cancelled."""
    queryset = TrainingSession.objects.all() if queryset is None else queryset
    return queryset.exclude(status=TrainingSession.Status.CANCELLED).filter(
        starts_at__lte=timezone.now()
    )


def session_figures(*, session) -> Figures:
    return sessions_figures(sessions=[session])[session.pk]


def _total(sessions) -> Figures:
    total = Figures()
    for figures in sessions_figures(sessions=sessions).values():
        total.add(figures)
    return total


def course_figures(*, course) -> Figures:
    return _total(held_sessions(TrainingSession.objects.filter(course=course)))


def association_figures(*, association) -> Figures:
    return _total(held_sessions(TrainingSession.objects.filter(association=association)))


@dataclass
class LearnerRate:
    learner_id: int
    attended: int
    counted: int

    @property
    def rate(self) -> float | None:
        return round(self.attended / self.counted, 4) if self.counted else None


def course_learner_rates(*, course, learner=None) -> dict[int, LearnerRate]:
    """Attendance rate of each learner of ``course`` (or of ``learner`` only).

    A session counts for a learner from the day they enrolled in the course or registered for
    one of its sessions; one they attended anyway always counts; an excused absence never does.
    """
    sessions = list(held_sessions(TrainingSession.objects.filter(course=course)))
    ids = [s.pk for s in sessions]
    person = Q(learner=learner) if learner is not None else Q()
    since: dict[int, object] = {}
    for learner_id, created_at in Enrollment.objects.filter(person, course=course).values_list(
        "learner_id", "created_at"
    ):
        since[learner_id] = created_at
    first_registrations = (
        SessionRegistration.objects.filter(person, session__course=course)
        .exclude(status=SessionRegistration.Status.CANCELLED)
        .values("learner_id")
        .annotate(first=Min("created_at"))
    )
    for row in first_registrations:
        learner_id = row["learner_id"]
        since[learner_id] = min(since.get(learner_id, row["first"]), row["first"])
    current = _current_statuses(ids)
    staff = set().union(*session_staff_ids(sessions=sessions).values()) if sessions else set()
    statuses: dict[int, dict[int, str]] = defaultdict(dict)
    for session_id, people in current.items():
        for status, learner_id in people.values():
            if learner_id and (learner is None or learner_id == learner.pk):
                statuses[learner_id][session_id] = status
    rates = {}
    for learner_id in (set(since) | set(statuses)) - staff:
        attended = counted = 0
        for session in sessions:
            status = statuses[learner_id].get(session.pk)
            starts_after = learner_id in since and session.starts_at >= since[learner_id]
            if status == EXCUSED or (status is None and not starts_after):
                continue
            counted += 1
            attended += status in ATTENDED
        rates[learner_id] = LearnerRate(learner_id=learner_id, attended=attended, counted=counted)
    return rates


def learner_course_rate(*, learner, course) -> LearnerRate | None:
    return course_learner_rates(course=course, learner=learner).get(learner.pk)


EXPORT_COLUMNS = [
    "session_id",
    "session",
    "starts_at",
    "person",
    "name_ar",
    "name_latin",
    "kind",
    "registered",
    "status",
    "method",
    "recorded_at",
    "recorded_by",
    "corrections",
    "last_reason",
]


def attendance_export_rows(*, sessions) -> list[list]:
    """One row per person and session with their latest status (3 queries per session)."""
    rows = []
    for session in sessions:
        for row in session_roster_rows(session=session):
            record = row.record
            corrections = [r for r in row.history if r.method == "correction"]
            rows.append(
                [
                    session.pk,
                    session.title,
                    timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M"),
                    row.key,
                    row.name_ar,
                    row.name_latin,
                    "walk_in" if row.participant else "account",
                    "yes" if row.registered else "no",
                    record.status if record else "",
                    record.method if record else "",
                    timezone.localtime(record.recorded_at).strftime("%Y-%m-%d %H:%M:%S")
                    if record
                    else "",
                    record.recorded_by.display_name if record else "",
                    len(corrections),
                    corrections[-1].reason if corrections else "",
                ]
            )
    return rows


def current_records(*, session_ids):
    """The current record of each person at each of the sessions, with the person (learner or
    walk-in), in session then record order: one query, streamed by the caller if it likes."""
    return (
        AttendanceRecord.objects.current()
        .filter(session__in=list(session_ids))
        .select_related("learner", "participant")
        .order_by("session_id", "pk")
    )


def sheet_scans(*, session_ids):
    """The scanned paper sheets of the sessions, in session then upload order (one query)."""
    return AttendanceSheetScan.objects.filter(session__in=list(session_ids)).order_by(
        "session_id", "pk"
    )


@dataclass
class MarkCounts:
    registered: int = 0  # confirmed seats
    present: int = 0  # present or late now, walk-ins included
    pending: int = 0  # confirmed seats without a mark yet


def session_marks_counts(*, session_ids) -> dict[int, MarkCounts]:
    """The roll call's counts per session, in two queries whatever their number."""
    confirmed = _confirmed(session_ids)
    current = _current_statuses(session_ids)
    counts = {}
    for session_id in session_ids:
        marked = {learner for _status, learner in current[session_id].values() if learner}
        counts[session_id] = MarkCounts(
            registered=len(confirmed[session_id]),
            present=sum(status in ATTENDED for status, _ in current[session_id].values()),
            pending=len(confirmed[session_id] - marked),
        )
    return counts
