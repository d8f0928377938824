"""Sessions, registration with a waiting list, and reminders."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.services import email_queue
from organisations import permissions
from organisations.models import Membership, Organisation

from ..models import SessionRegistration, TrainingSession

Status = SessionRegistration.Status


@transaction.atomic
def session_create(*, association: Organisation, by, trainers=(), **fields) -> TrainingSession:
    """Schedule a session for ``association``; its admins and trainers may."""
    if not permissions.can_schedule_sessions(by, association):
        raise PermissionDenied(_("You may not schedule sessions for this association."))
    session = TrainingSession(association=association, **fields)
    session.full_clean()
    session.save()
    if trainers:
        session.trainers.set(trainers)
    return session


@transaction.atomic
def session_cancel(*, session: TrainingSession, by) -> TrainingSession:
    """Cancel a scheduled session and tell everyone registered (seat or waiting list).
    Registrations are kept as they were: they are the record of who had signed up."""
    if not permissions.can_manage_session(by, session):
        raise PermissionDenied(_("You may not cancel this session."))
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.status == TrainingSession.Status.CANCELLED:
        return session
    if session.status == TrainingSession.Status.HELD:
        raise ValidationError(_("A session that has been held cannot be cancelled."), code="held")
    session.status = TrainingSession.Status.CANCELLED
    session.save(update_fields=["status"])
    from .scheduling import session_notify_cancelled

    session_notify_cancelled(session=session)
    return session


def _learner_association(learner, by) -> Organisation | None:
    """The member association through which ``by`` acts for ``learner``, if any."""
    if by.pk == learner.pk:
        return None
    return (
        Organisation.objects.filter(
            kind=Organisation.Kind.MEMBER,
            memberships__user=by,
            memberships__role=Membership.Role.ADMIN,
        )
        .filter(memberships__user=learner)
        .order_by("pk")
        .first()
    )


def _may_act_for(by, learner) -> bool:
    return permissions.can_act_for_learner(by, learner, _learner_association(learner, by))


@transaction.atomic
def registration_create(*, session: TrainingSession, learner, by) -> SessionRegistration:
    """Register ``learner``: a seat if one is left, the waiting list otherwise.

    The session row is locked first, so two people taking the last seat are served one after
    the other and the session is never overbooked. Registering again (a double submission)
    returns the registration; ``just_created`` on the result tells the two cases apart.
    """
    if not _may_act_for(by, learner):
        raise PermissionDenied(_("You may only register yourself or members of your association."))
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.status == TrainingSession.Status.CANCELLED:
        raise ValidationError(_("This session has been cancelled."), code="cancelled")
    if session.status != TrainingSession.Status.SCHEDULED or session.is_past:
        raise ValidationError(
            _("This session has already started; registration is closed."), code="past"
        )
    registrations = SessionRegistration.objects.filter(session=session)
    existing = registrations.exclude(status=Status.CANCELLED).filter(learner=learner).first()
    if existing:
        existing.just_created = False
        return existing
    confirmed = registrations.filter(status=Status.CONFIRMED).count()
    if confirmed < session.capacity:
        status, position = Status.CONFIRMED, None
    else:
        last = registrations.aggregate(last=Max("position"))["last"] or 0
        status, position = Status.WAITLISTED, last + 1
    registration = SessionRegistration.objects.create(
        session=session, learner=learner, status=status, position=position, registered_by=by
    )
    registration.just_created = True
    return registration


def _may_cancel(by, registration: SessionRegistration) -> bool:
    return _may_act_for(by, registration.learner) or permissions.can_manage_session(
        by, registration.session
    )


@transaction.atomic
def registration_cancel(*, registration: SessionRegistration, by) -> SessionRegistration:
    """Cancel a registration; a freed seat goes to the first person on the waiting list, who
    is told by e-mail once the change is committed."""
    if not _may_cancel(by, registration):
        raise PermissionDenied(_("You may not cancel this registration."))
    session = TrainingSession.objects.select_for_update().get(pk=registration.session_id)
    registration = SessionRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        return registration
    freed_seat = registration.status == Status.CONFIRMED
    registration.status = Status.CANCELLED
    registration.position = None
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "position", "cancelled_at"])
    if freed_seat and session.status == TrainingSession.Status.SCHEDULED and not session.is_past:
        _promote_from_waiting_list(session=session)
    return registration


def _promote_from_waiting_list(*, session: TrainingSession) -> SessionRegistration | None:
    registrations = SessionRegistration.objects.filter(session=session)
    if registrations.filter(status=Status.CONFIRMED).count() >= session.capacity:
        return None
    first = (
        registrations.filter(status=Status.WAITLISTED)
        .select_related("learner")
        .order_by("position", "created_at")
        .first()
    )
    if first is None:
        return None
    first.status = Status.CONFIRMED
    first.position = None
    first.promoted_at = timezone.now()
    first.save(update_fields=["status", "position", "promoted_at"])
    _email(registration=first, template="promoted")
    return first


def _email(*, registration: SessionRegistration, template: str) -> None:
    learner = registration.learner
    session = registration.session
    with translation.override(learner.preferred_language or settings.LANGUAGE_CODE):
        url = settings.SITE_URL + reverse("courses:session_detail", args=[session.pk])
        body = render_to_string(
            f"courses/learning/email/{template}.txt",
            {"registration": registration, "session": session, "learner": learner, "url": url},
        )
        if template == "promoted":
            subject = _("A seat is yours: %(title)s") % {"title": session.title}
        else:
            subject = _("Reminder: %(title)s starts soon") % {"title": session.title}
    email_queue(subject=subject, body=body, to=[learner.email])


def session_reminders_send(*, now=None, within=timedelta(hours=24)) -> int:
    """E-mail every confirmed learner whose session starts within ``within``, once: the
    ``reminder_sent_at`` mark is set by a conditional update, so overlapping runs of the task
    never send the same reminder twice."""
    now = now or timezone.now()
    due = (
        SessionRegistration.objects.filter(
            status=Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            session__status=TrainingSession.Status.SCHEDULED,
            session__starts_at__gt=now,
            session__starts_at__lte=now + within,
        )
        .select_related("session", "learner")
        .order_by("pk")
    )
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = SessionRegistration.objects.filter(
                pk=registration.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if claimed:
                _email(registration=registration, template="reminder")
                sent += 1
    return sent
