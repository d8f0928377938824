"""The e-mail task sends once per task id, however often the broker delivers it."""

import pytest
from django.core import mail

from accounts.tasks import send_email

pytestmark = pytest.mark.django_db


def test_a_redelivered_email_task_is_not_sent_twice():
    """A message redelivered after its worker died (same task id) finds the sent mark."""
    kwargs = {"subject": "Hello", "body": "Body", "to": ["someone@example.org"]}
    send_email.apply(kwargs=kwargs, task_id="11111111-2222-3333-4444-555555555555")
    send_email.apply(kwargs=kwargs, task_id="11111111-2222-3333-4444-555555555555")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == (
        "<11111111-2222-3333-4444-555555555555@tamkeen.test>"
    )


def test_two_tasks_with_the_same_content_are_two_emails():
    kwargs = {"subject": "Hello", "body": "Body", "to": ["someone@example.org"]}
    send_email.apply(kwargs=kwargs)
    send_email.apply(kwargs=kwargs)
    assert len(mail.outbox) == 2
