"""Batch reads for the funder's evidence (grants/evidence.py and evidence_outcomes.py): the held
sessions, attendance, completions and quiz scores of many associations, one query each however
many there are. The funder's rules (whose period, who counts) stay in grants."""

from __future__ import annotations

from django.db.models import Count, QuerySet, Sum

from ..models import (
    AttendanceRecord,
    Enrollment,
    Participant,
    QuizAttempt,
    QuizPage,
    TrainingSession,
)

ATTENDED = list(AttendanceRecord.ATTENDED)
QUIZ_KINDS = {QuizPage.Kind.PRE_TEST: "pre", QuizPage.Kind.POST_TEST: "post"}


def held_sessions(*, association_ids, first_day=None, last_day=None) -> QuerySet[TrainingSession]:
    """The sessions these associations held that started between ``first_day`` and
    ``last_day`` (dates of ``starts_at`` in the database's time zone, both included)."""
    if not association_ids:
        return TrainingSession.objects.none()
    return TrainingSession.objects.filter(
        association_id__in=association_ids,
        status=TrainingSession.Status.HELD,
        starts_at__date__gte=first_day,
        starts_at__date__lte=last_day,
    )


def sessions_listed(*, session_ids) -> QuerySet[TrainingSession]:
    """These sessions with their course and places, in time order (for lists and exports)."""
    return (
        TrainingSession.objects.filter(pk__in=session_ids)
        .select_related("course", "region", "province")
        .order_by("starts_at", "pk")
    )


def attended_rows(*, session_ids) -> list[dict]:
    """The current present-or-late record of each person at each session, with what the
    evidence's breakdowns need (one query)."""
    if not session_ids:
        return []
    return list(
        AttendanceRecord.objects.current()
        .filter(session_id__in=session_ids, status__in=ATTENDED)
        .values(
            "pk",
            "session_id",
            "learner_id",
            "participant_id",
            "participant__claimed_by_id",
            "participant__member_association_id",
            "learner__gender",
            "learner__birth_year",
            "participant__gender",
            "participant__birth_year",
        )
    )


def completed_enrollments(*, association_ids):
    """``(association id, learner id, completed at)`` of every completed enrollment in these
    associations' courses."""
    return Enrollment.objects.filter(
        status=Enrollment.Status.COMPLETED,
        course__association_id__in=association_ids,
    ).values_list("course__association_id", "learner_id", "completed_at")


def quiz_score_totals(*, association_ids) -> dict[int, dict[str, tuple]]:
    """Association id → ``{"pre": (sum of scores, attempts), "post": (...)}`` over the pre- and
    post-test attempts in its courses (``learning_gain`` for many associations, one query)."""
    totals: dict[int, dict[str, tuple]] = {}
    rows = (
        QuizAttempt.objects.filter(
            enrollment__course__association_id__in=association_ids,
            quiz__kind__in=list(QUIZ_KINDS),
        )
        .values("enrollment__course__association_id", "quiz__kind")
        .annotate(total=Sum("score"), count=Count("pk"))
    )
    for row in rows:
        kind = QUIZ_KINDS[row["quiz__kind"]]
        association = totals.setdefault(row["enrollment__course__association_id"], {})
        association[kind] = (row["total"], row["count"])
    return totals


def participants(*, participant_ids) -> QuerySet[Participant]:
    """The walk-in participants with these ids (one query)."""
    return Participant.objects.filter(pk__in=participant_ids)
