"""A trainer changes a session: edit, reschedule, change the capacity; and the people concerned
(confirmed seats and the waiting list) are told by e-mail and notification.

A capacity cut never drops a confirmed seat: below the number of confirmed seats it is refused,
and the trainer cancels registrations first (each person is told). A capacity raise gives the
new seats to the waiting list, in order. A session whose attendance has begun is not moved.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.bilingual import localized
from notifications.registry import register_kind
from notifications.services import notify
from organisations import permissions

from ..models import AttendanceRecord, SessionRegistration, TrainingSession

Status = SessionRegistration.Status

# What a trainer may change on a scheduled session (the association, status and dates of
# creation are not theirs to change here).
EDITABLE = (
    "kind",
    "course",
    "title_ar",
    "title_fr",
    "description_ar",
    "description_fr",
    "audience",
    "starts_at",
    "ends_at",
    "mode",
    "venue_ar",
    "venue_fr",
    "province",
    "commune",
    "online_url",
    "capacity",
)
# Changes the people registered are told about, by code (their words are in the e-mail).
TOLD = {
    "starts_at": "time",
    "ends_at": "time",
    "mode": "place",
    "venue_ar": "place",
    "venue_fr": "place",
    "province": "place",
    "commune": "place",
    "online_url": "place",
    "title_ar": "title",
    "title_fr": "title",
    "capacity": "",
}

SESSION_CHANGED = "courses.session_changed"
SESSION_CANCELLED = "courses.session_cancelled"


def register_notification_kinds() -> None:
    """Called from ``CoursesConfig.ready()``."""
    register_kind(
        SESSION_CHANGED,
        subject=lambda p: _("Changed: %(title)s") % {"title": localized(p, "title")},
        body_template="courses/learning/email/session_changed.txt",
    )
    register_kind(
        SESSION_CANCELLED,
        subject=lambda p: _("Cancelled: %(title)s") % {"title": localized(p, "title")},
        body_template="courses/learning/email/session_cancelled_notice.txt",
    )


def _params(session: TrainingSession) -> dict:
    """Plain JSON for the message: times as local ISO text, formatted in the reader's
    language by the e-mail template; texts in both languages, the reader's shown
    (core.bilingual.localized; messages stored before #21 carry a plain ``title``)."""
    in_person = session.mode == TrainingSession.Mode.IN_PERSON
    return {
        "session": session.pk,
        "title_ar": session.title_ar,
        "title_fr": session.title_fr,
        "association_ar": session.association.name_ar,
        "association_fr": session.association.name_fr,
        "starts_at": timezone.localtime(session.starts_at).isoformat(),
        "ends_at": timezone.localtime(session.ends_at).isoformat(),
        "venue_ar": session.venue_ar if in_person else "",
        "venue_fr": session.venue_fr if in_person else "",
        "online": session.mode == TrainingSession.Mode.ONLINE,
    }


def _concerned(session: TrainingSession):
    """The people with a seat or on the waiting list."""
    return [
        registration.learner
        for registration in session.registrations.exclude(status=Status.CANCELLED)
        .select_related("learner")
        .order_by("pk")
    ]


def session_notify_cancelled(*, session: TrainingSession) -> None:
    notify(
        recipients=_concerned(session),
        kind=SESSION_CANCELLED,
        params=_params(session),
        link=("courses:session_list", []),
        key=f"session-cancelled-{session.pk}",
    )


@transaction.atomic
def session_update(*, session: TrainingSession, by, trainers=None, **fields) -> TrainingSession:
    """Change a scheduled session; ``changes`` on the result lists what changed (codes of
    ``TOLD``), and the people registered are told of a new time, place or title."""
    if not permissions.can_manage_session(by, session):
        raise PermissionDenied(_("You may not change this session."))
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.status == TrainingSession.Status.CANCELLED:
        raise ValidationError(_("This session has been cancelled."), code="cancelled")
    if session.status == TrainingSession.Status.HELD:
        raise ValidationError(_("A session that has been held cannot be changed."), code="held")
    old_capacity = session.capacity
    changed = [name for name, value in fields.items() if getattr(session, name) != value]
    for name in changed:
        setattr(session, name, fields[name])
    if {"starts_at", "ends_at"} & set(changed):
        if AttendanceRecord.objects.filter(session=session).exists():
            raise ValidationError(
                _("Attendance has been taken for this session: it can no longer be moved."),
                code="has_marks",
            )
        if session.starts_at <= timezone.now():
            raise ValidationError(
                {"starts_at": _("A session cannot be moved to a time that has passed.")},
                code="past",
            )
    confirmed = session.registrations.filter(status=Status.CONFIRMED).count()
    if session.capacity is not None and session.capacity < confirmed:
        raise ValidationError(
            {
                "capacity": _(
                    "%(confirmed)d seats are confirmed: cancel registrations (the people are "
                    "told) before lowering the capacity below that."
                )
                % {"confirmed": confirmed}
            },
            code="below_confirmed",
        )
    session.full_clean()
    session.save()
    if trainers is not None:
        session.trainers.set(trainers)
    if session.capacity > old_capacity and not session.is_past:
        from .registration import _promote_from_waiting_list

        while _promote_from_waiting_list(session=session) is not None:
            pass
    session.changes = sorted({TOLD[name] for name in changed if TOLD.get(name)})
    if session.changes:
        notify(
            recipients=_concerned(session),
            kind=SESSION_CHANGED,
            params={**_params(session), "changes": session.changes},
            link=("courses:session_detail", [session.pk]),
        )
    return session
