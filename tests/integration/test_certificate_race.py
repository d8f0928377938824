"""Two issuances of the same certificate at the same moment (the lesson hook and the quiz hook
firing together, or a task delivered twice): the enrollment row lock and the unique constraint
leave exactly one certificate, with one PDF and one credential."""

import threading

import pytest
from django.db import connection

from certificates.models import Certificate
from certificates.tasks import issue_certificate
from tests.factories.certificates import eligible_enrollment

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
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in callables]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_concurrent_issuance_makes_one_certificate(trainer_association):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    enrollment = eligible_enrollment(association=trainer_association)
    results, errors = _race([lambda: issue_certificate(enrollment.pk) for _ in range(3)])
    assert errors == []
    assert len(set(results)) == 1
    certificate = Certificate.objects.get(learner=enrollment.learner)
    assert certificate.pdf_sha256 and certificate.credential_jwt
    assert issue_certificate(enrollment.pk) == certificate.pk
    assert Certificate.objects.count() == 1
