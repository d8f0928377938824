"""Two check-ins of the same learner at the same moment (a double tap, two devices): the
session row lock serves them one after the other, so exactly one record is written and the
chain stays linear."""

import threading

import pytest
from django.db import connection

from courses.attendance import checkin
from courses.attendance.services import attendance_chain_verify, attendance_check_in
from courses.models import AttendanceRecord
from tests.factories.accounts import UserFactory
from tests.factories.attendance import session_now

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _race(callables):
    barrier = threading.Barrier(len(callables))
    errors, results = [], []

    def run(call):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            results.append(call())
        except Exception as error:  # noqa: BLE001 - reported by the assertions
            errors.append(error)
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=run, args=(call,)) for call in callables]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


def test_concurrent_duplicate_check_ins_write_one_record(trainer_association):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    session = session_now(association=trainer_association)
    learner = UserFactory()
    token = checkin.token_make(session_id=session.pk)
    results, errors = _race(
        [lambda: attendance_check_in(learner=learner, token=token) for _ in range(2)]
    )
    assert errors == []
    assert sorted(result.created for result in results) == [False, True]
    assert AttendanceRecord.objects.filter(session=session).count() == 1


def test_concurrent_check_ins_of_different_people_keep_one_chain(trainer_association):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    session = session_now(association=trainer_association)
    people = [UserFactory() for _ in range(4)]
    token = checkin.token_make(session_id=session.pk)
    _results, errors = _race(
        [
            lambda person=person: attendance_check_in(learner=person, token=token)
            for person in people
        ]
    )
    assert errors == []
    assert AttendanceRecord.objects.filter(session=session).count() == 4
    assert attendance_chain_verify(session=session) == []
