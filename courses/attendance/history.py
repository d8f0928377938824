"""Attendance read per person: a course's per-learner summary (sessions attended, rate, status
at each session) for its association and the funder, and a learner's own history."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from accounts.models import User

from ..models import AttendanceRecord, SessionRegistration, TrainingSession
from .selectors import _current_statuses, course_learner_rates, held_sessions


@dataclass
class LearnerSummary:
    learner: User
    attended: int
    counted: int
    statuses: list = field(default_factory=list)  # one per session: a status code or ""

    @property
    def rate(self) -> float | None:
        return round(self.attended / self.counted, 4) if self.counted else None


def course_attendance_summary(*, course) -> dict:
    """{"sessions": the course's held sessions in order, "rows": one ``LearnerSummary`` per
    learner, by name}. Rates follow ``course_learner_rates`` (staff left out, excused absences
    not counted)."""
    sessions = list(
        held_sessions(TrainingSession.objects.filter(course=course)).order_by("starts_at", "pk")
    )
    rates = course_learner_rates(course=course)
    current = _current_statuses([s.pk for s in sessions])
    by_learner: dict[int, dict[int, str]] = {}
    for session_id, people in current.items():
        for status, learner_id in people.values():
            if learner_id:
                by_learner.setdefault(learner_id, {})[session_id] = status
    learners = User.objects.filter(pk__in=list(rates)).order_by("full_name_latin", "email")
    rows = [
        LearnerSummary(
            learner=learner,
            attended=rates[learner.pk].attended,
            counted=rates[learner.pk].counted,
            statuses=[by_learner.get(learner.pk, {}).get(s.pk, "") for s in sessions],
        )
        for learner in learners
    ]
    return {"sessions": sessions, "rows": rows}


@dataclass
class HistoryRow:
    session: TrainingSession
    record: AttendanceRecord | None  # the current mark, if any

    @property
    def status(self) -> str:
        return self.record.status if self.record else ""


def learner_attendance_history(*, user, limit: int = 200) -> list[HistoryRow]:
    """The learner's sessions that have taken place, newest first: the current mark of each
    (their own, or a walk-in record they claimed), and the booked ones left unmarked."""
    records = (
        AttendanceRecord.objects.current()
        .filter(Q(learner=user) | Q(participant__claimed_by=user))
        .select_related("session", "session__association", "session__course")
        .order_by("-session__starts_at", "-pk")[:limit]
    )
    rows = {
        record.session_id: HistoryRow(session=record.session, record=record) for record in records
    }
    booked = (
        held_sessions(TrainingSession.objects.all())
        .filter(
            registrations__learner=user,
            registrations__status=SessionRegistration.Status.CONFIRMED,
        )
        .exclude(pk__in=list(rows))
        .select_related("association", "course")
        .order_by("-starts_at")[:limit]
    )
    for session in booked:
        rows[session.pk] = HistoryRow(session=session, record=None)
    return sorted(rows.values(), key=lambda row: row.session.starts_at, reverse=True)
