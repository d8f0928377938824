"""Registration: seats, the waiting list, cancellation and promotion, reminders."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from courses.models import SessionRegistration, TrainingSession
from courses.services import registration_cancel, registration_create, session_reminders_send
from courses.tasks import send_session_reminders

from ..factories.accounts import UserFactory
from ..factories.learning import TrainingSessionFactory

pytestmark = pytest.mark.django_db

Status = SessionRegistration.Status


@pytest.fixture
def session(trainer_association):
    return TrainingSessionFactory(association=trainer_association, capacity=1)


def _register(session, person=None):
    person = person or UserFactory()
    return registration_create(session=session, learner=person, by=person)


def test_a_seat_then_the_waiting_list(session):
    first, second, third = _register(session), _register(session), _register(session)
    assert first.status == Status.CONFIRMED
    assert (second.status, second.position) == (Status.WAITLISTED, 1)
    assert (third.status, third.position) == (Status.WAITLISTED, 2)


def test_registering_twice_returns_the_registration(session, citizen):
    first = _register(session, citizen)
    assert _register(session, citizen).pk == first.pk


def test_a_cancellation_promotes_the_first_waiting_person_and_emails_them(
    session, django_capture_on_commit_callbacks
):
    first, second, third = _register(session), _register(session), _register(session)
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=first, by=first.learner)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == Status.CONFIRMED
    assert second.position is None
    assert second.promoted_at is not None
    assert third.status == Status.WAITLISTED
    assert [m.to for m in mail.outbox] == [[second.learner.email]]
    assert session.title in mail.outbox[0].subject


def test_cancelling_from_the_waiting_list_frees_no_seat(
    session, django_capture_on_commit_callbacks
):
    _first, second, third = _register(session), _register(session), _register(session)
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=second, by=second.learner)
    third.refresh_from_db()
    assert third.status == Status.WAITLISTED
    assert mail.outbox == []


def test_a_cancelled_registration_can_register_again(session, citizen):
    registration = _register(session, citizen)
    registration_cancel(registration=registration, by=citizen)
    again = _register(session, citizen)
    assert again.pk != registration.pk
    assert again.status == Status.CONFIRMED


def test_a_cancelled_or_past_session_is_closed(session, citizen):
    session.status = TrainingSession.Status.CANCELLED
    session.save()
    with pytest.raises(ValidationError) as caught:
        _register(session, citizen)
    assert caught.value.code == "cancelled"
    past = TrainingSessionFactory(starts_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError) as caught:
        _register(past, citizen)
    assert caught.value.code == "past"


def test_a_coordinator_registers_their_member_but_not_a_stranger(
    session, coordinator, learner, citizen
):
    registration = registration_create(session=session, learner=learner, by=coordinator)
    assert registration.registered_by == coordinator
    with pytest.raises(PermissionDenied):
        registration_create(session=session, learner=citizen, by=coordinator)


def test_nobody_cancels_someone_elses_registration(session, citizen, learner, trainer):
    registration = _register(session, learner)
    with pytest.raises(PermissionDenied):
        registration_cancel(registration=registration, by=citizen)
    registration_cancel(registration=registration, by=trainer)  # the delivering association may


def test_reminders_go_once_to_confirmed_people_within_24_hours(
    trainer_association, django_capture_on_commit_callbacks
):
    soon = TrainingSessionFactory(
        association=trainer_association,
        capacity=1,
        starts_at=timezone.now() + timedelta(hours=20),
    )
    later = TrainingSessionFactory(association=trainer_association)
    confirmed, waiting = _register(soon), _register(soon)
    _register(later)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_session_reminders.delay().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert session_reminders_send() == 0
    assert [m.to for m in mail.outbox] == [[confirmed.learner.email]]
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert confirmed.reminder_sent_at is not None
    assert waiting.reminder_sent_at is None


def test_the_reminder_task_is_scheduled(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "courses.tasks.send_session_reminders" in tasks


def test_cancelling_a_session_tells_everyone_registered(
    session, trainer, citizen, django_capture_on_commit_callbacks
):
    from courses.services import session_cancel

    seated, waiting = _register(session), _register(session)
    with pytest.raises(PermissionDenied):
        session_cancel(session=session, by=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, by=trainer)
    session.refresh_from_db()
    assert session.status == TrainingSession.Status.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [seated.learner.email, waiting.learner.email]
    )
    with pytest.raises(ValidationError):
        _register(session, citizen)
