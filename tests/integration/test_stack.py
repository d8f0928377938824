"""The real stack: PostgreSQL, Redis as broker and cache, and a Celery worker process."""

import pytest

from organisations.models import Membership
from organisations.services import invitation_create

from .conftest import wait_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_health_reports_postgresql_redis_and_the_worker(client, celery_worker_process, settings):
    settings.HEALTH_TOKEN = "integration-health-token"  # the details need the token
    response = client.get("/health/", headers={"X-Health-Token": settings.HEALTH_TOKEN})
    body = response.json()
    assert response.status_code == 200, body
    assert body["database"]["vendor"] == "postgresql"
    assert "redis" in body["broker"]["transport"].lower()
    assert body["worker"]["ok"] is True


def test_an_invitation_email_is_sent_by_the_worker(
    celery_worker_process, mail_dir, trainer_association, association_admin
):
    _, token = invitation_create(
        organisation=trainer_association,
        email="it-invitee@example.org",
        role=Membership.Role.TRAINER,
        by=association_admin,
    )

    def sent():
        return [p for p in mail_dir.iterdir() if token in p.read_text(errors="replace")]

    assert wait_for(sent), "the worker did not send the invitation e-mail"
