"""Two people take the last seat at the same moment: PostgreSQL's row lock serves them one
after the other, so one gets the seat and the other the waiting list."""

import threading
import time

import pytest
from django.db import connection

from courses.models import SessionRegistration
from courses.services import registration_create
from tests.factories.accounts import UserFactory
from tests.factories.learning import TrainingSessionFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_people_racing_for_the_last_seat(trainer_association, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    session = TrainingSessionFactory(association=trainer_association, capacity=1)
    # Widen the window between counting the seats and taking one: without the lock both
    # threads would count a free seat and both be confirmed.
    create = SessionRegistration.objects.create

    def slow_create(**kwargs):
        time.sleep(0.5)
        return create(**kwargs)

    monkeypatch.setattr(SessionRegistration.objects, "create", slow_create)
    people = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(len(people))
    errors = []

    def register(person):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            registration_create(session=session, learner=person, by=person)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=register, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    statuses = sorted(
        SessionRegistration.objects.filter(session=session).values_list("status", flat=True)
    )
    assert statuses == [SessionRegistration.Status.CONFIRMED, SessionRegistration.Status.WAITLISTED]
