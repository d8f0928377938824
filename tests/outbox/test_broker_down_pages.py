"""With the broker refusing, the web pages that queue work still answer, and the work waits."""

import pytest
from django.urls import reverse

from organisations.models import Membership
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_an_invitation_is_sent_later_when_the_broker_is_down(
    client, broker_down, trainer_association, association_admin, django_capture_on_commit_callbacks
):
    client.force_login(association_admin)
    url = reverse("organisations:people", args=[trainer_association.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"email": "new.trainer@example.org", "role": Membership.Role.TRAINER}
        )
    assert response.status_code == 302
    message = OutboxMessage.objects.get()
    assert message.task_name == "accounts.tasks.send_email"
    assert message.kwargs["to"] == ["new.trainer@example.org"]
    assert message.sent_at is None


def test_health_says_jobs_are_waiting_too_long(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    OutboxMessage.objects.create(
        task_name="outbox.tasks.drain", created_at=timezone.now() - timedelta(hours=1)
    )
    settings.HEALTH_TOKEN = "outbox-health-token"  # the backlog is a detail: it needs the token
    body = client.get("/health/", headers={"X-Health-Token": "outbox-health-token"}).json()
    assert body["outbox"]["ok"] is False
    assert body["outbox"]["pending"] == 1
