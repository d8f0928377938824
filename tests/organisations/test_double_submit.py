"""The invitation form sent twice sends one invitation: the first link keeps working."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from organisations.models import Invitation, Membership
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_inviting_twice_sends_one_invitation(
    client, trainer_association, association_admin, django_capture_on_commit_callbacks
):
    client.force_login(association_admin)
    with translation.override("en"):
        url = reverse("organisations:people", args=[trainer_association.pk])
    data = {"email": "new.trainer@example.org", "role": Membership.Role.TRAINER}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
        second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    said = [str(m) for m in get_messages(second.wsgi_request)]
    assert said[-1:] == [
        "An invitation was sent to new.trainer@example.org a moment ago; it is still valid."
    ]
    invitation = Invitation.objects.get()
    assert invitation.revoked_at is None
    assert OutboxMessage.objects.filter(task_name="accounts.tasks.send_email").count() == 1


def test_a_deliberate_new_invitation_still_replaces_the_pending_one(
    trainer_association, association_admin
):
    from organisations.services import invitation_create

    kwargs = {
        "organisation": trainer_association,
        "email": "again@example.org",
        "role": Membership.Role.TRAINER,
        "by": association_admin,
    }
    first, _token = invitation_create(**kwargs)
    second, token = invitation_create(**kwargs)  # no repeat window: a resend
    assert token and second.pk != first.pk
    first.refresh_from_db()
    assert first.revoked_at is not None
