"""Read queries about training sessions and who is registered, and the associations' views of
their people."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from organisations.models import Membership, Organisation

from ..models import (
    Enrollment,
    SessionRegistration,
    TrainingSession,
)
from .learning import learner_progress


def upcoming_registrations(*, user) -> QuerySet[SessionRegistration]:
    return (
        SessionRegistration.objects.filter(
            learner=user,
            session__ends_at__gte=timezone.now(),
            session__status=TrainingSession.Status.SCHEDULED,
        )
        .exclude(status=SessionRegistration.Status.CANCELLED)
        .select_related("session", "session__province", "session__association")
        .order_by("session__starts_at")
    )


def calendar_registrations(*, user) -> QuerySet[SessionRegistration]:
    """What a personal calendar feed shows: confirmed seats, past and future."""
    return (
        SessionRegistration.objects.filter(
            learner=user, status=SessionRegistration.Status.CONFIRMED
        )
        .select_related("session", "session__province", "session__commune", "session__association")
        .order_by("session__starts_at")
    )


def upcoming_sessions(*, region=None, course=None, kind=None) -> QuerySet[TrainingSession]:
    sessions = (
        TrainingSession.objects.filter(
            status=TrainingSession.Status.SCHEDULED, starts_at__gt=timezone.now()
        )
        .select_related("association", "province", "region", "commune", "course")
        .annotate(
            confirmed_count=Count(
                "registrations",
                filter=Q(registrations__status=SessionRegistration.Status.CONFIRMED),
            )
        )
        .annotate(seats_left=F("capacity") - F("confirmed_count"))
        .order_by("starts_at", "pk")
    )
    if region:
        sessions = sessions.filter(region=region)
    if course:
        sessions = sessions.filter(course=course)
    if kind:
        sessions = sessions.filter(kind=kind)
    return sessions


def session_seats(*, session: TrainingSession) -> dict:
    counts = session.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=SessionRegistration.Status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=SessionRegistration.Status.WAITLISTED)),
    )
    counts["left"] = max(session.capacity - counts["confirmed"], 0)
    return counts


def registration_for(*, user, session) -> SessionRegistration | None:
    if not user.is_authenticated:
        return None
    return (
        SessionRegistration.objects.filter(session=session, learner=user)
        .exclude(status=SessionRegistration.Status.CANCELLED)
        .first()
    )


def waiting_rank(*, registration: SessionRegistration) -> int | None:
    """1 for the next person to get a seat."""
    if registration.status != SessionRegistration.Status.WAITLISTED:
        return None
    return (
        SessionRegistration.objects.filter(
            session_id=registration.session_id,
            status=SessionRegistration.Status.WAITLISTED,
            position__lt=registration.position,
        ).count()
        + 1
    )


def session_roster(*, session: TrainingSession) -> QuerySet[SessionRegistration]:
    return (
        session.registrations.exclude(status=SessionRegistration.Status.CANCELLED)
        .select_related("learner")
        .order_by("status", "position", "learner__full_name_latin", "learner__email")
    )


def association_sessions(*, association: Organisation) -> QuerySet[TrainingSession]:
    return (
        TrainingSession.objects.filter(association=association)
        .select_related("province", "course")
        .annotate(
            confirmed_count=Count(
                "registrations",
                filter=Q(registrations__status=SessionRegistration.Status.CONFIRMED),
            ),
            waitlisted_count=Count(
                "registrations",
                filter=Q(registrations__status=SessionRegistration.Status.WAITLISTED),
            ),
        )
        .order_by("-starts_at")
    )


def coordinator_members_learning(*, organisation: Organisation) -> dict:
    """A member association's people: their enrollments with progress and upcoming sessions."""
    member_ids = Membership.objects.filter(
        organisation=organisation, role=Membership.Role.MEMBER
    ).values("user_id")
    enrollments = (
        Enrollment.objects.filter(learner__in=member_ids)
        .exclude(status=Enrollment.Status.WITHDRAWN)
        .select_related("learner", "course")
        .order_by("learner__email", "course__title")
    )
    registrations = (
        SessionRegistration.objects.filter(
            learner__in=member_ids,
            session__starts_at__gte=timezone.now(),
            session__status=TrainingSession.Status.SCHEDULED,
        )
        .exclude(status=SessionRegistration.Status.CANCELLED)
        .select_related("learner", "session")
        .order_by("session__starts_at")
    )
    return {
        "progress": learner_progress(enrollments=enrollments),
        "registrations": registrations,
        "pending": organisation.pending_enrollments.filter(claimed_at__isnull=True).select_related(
            "course"
        ),
    }


def member_coordinated_organisations(*, user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        kind=Organisation.Kind.MEMBER,
        memberships__user=user,
        memberships__role=Membership.Role.ADMIN,
    ).distinct()


def trainer_organisations(*, user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        kind=Organisation.Kind.TRAINER,
        memberships__user=user,
        memberships__role__in=[
            Membership.Role.ADMIN,
            Membership.Role.TRAINER,
            Membership.Role.EDITOR,
        ],
    ).distinct()


# --- The trainer's day --------------------------------------------------------------------------


def _my_sessions_queryset(*, user) -> QuerySet[TrainingSession]:
    """The sessions a person trains, and, for an association's admins and trainers, its
    sessions nobody has been named to train (someone has to take them)."""
    managed = Membership.objects.filter(
        user=user, role__in=[Membership.Role.ADMIN, Membership.Role.TRAINER]
    ).values("organisation_id")
    return (
        TrainingSession.objects.filter(
            Q(trainers=user) | Q(association_id__in=managed, trainers__isnull=True)
        )
        .distinct()
        .select_related("association", "province", "course")
    )


def my_sessions(*, user, now=None, past_limit: int = 20, upcoming_limit: int = 50) -> dict:
    """A trainer's sessions: today's first (every one of the local day), then the upcoming
    ones and the most recent past ones, each with ``registered`` (confirmed seats),
    ``present`` (present or late now) and ``pending`` (a confirmed seat without a mark)."""
    from ..attendance.selectors import session_marks_counts

    now = now or timezone.now()
    local = timezone.localtime(now)
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    day_end = day_start + timedelta(days=1)
    sessions = _my_sessions_queryset(user=user)
    today = list(
        sessions.filter(starts_at__gte=day_start, starts_at__lt=day_end).order_by("starts_at")
    )
    upcoming = list(sessions.filter(starts_at__gte=day_end).order_by("starts_at")[:upcoming_limit])
    past = list(sessions.filter(starts_at__lt=day_start).order_by("-starts_at")[:past_limit])
    counts = session_marks_counts(session_ids=[s.pk for s in today + upcoming + past])
    for session in today + upcoming + past:
        session.counts = counts[session.pk]
    return {"today": today, "upcoming": upcoming, "past": past}
