"""The outbox keeps every background job until the broker has taken it, exactly once."""

import pytest
from django.core import mail
from django.db import transaction

import outbox
from accounts.services import email_queue
from accounts.tasks import send_email
from outbox import services
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _pending():
    return OutboxMessage.objects.filter(sent_at__isnull=True)


def test_a_job_is_kept_in_the_transaction_and_published_after_commit(
    broker_recorder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.enqueue(send_email, kwargs={"subject": "s", "body": "b", "to": ["a@b.c"]})
        assert broker_recorder == []  # nothing leaves before the commit
    message.refresh_from_db()
    assert broker_recorder == [message.task_id]
    assert message.sent_at is not None
    assert message.attempts == 1
    # Sent: the arguments (an address, perhaps an invitation link) are not kept.
    assert (message.args, message.kwargs) == ([], {})


def test_a_rolled_back_transaction_leaves_no_job(
    broker_recorder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                outbox.enqueue("accounts.tasks.send_email", kwargs={"to": ["x@y.z"]})
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert not OutboxMessage.objects.exists()
    assert broker_recorder == []


def test_with_the_broker_down_the_job_waits_and_the_caller_never_sees_an_error(
    broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(subject="Hello", body="Body", to=["learner@example.org"])
    message = OutboxMessage.objects.get()
    assert message.sent_at is None
    assert message.attempts == 1
    assert "OperationalError" in message.last_error
    assert mail.outbox == []


def test_after_a_refusal_the_next_requests_do_not_wait_for_the_broker(
    broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(subject="1", body="b", to=["a@example.org"])
        email_queue(subject="2", body="b", to=["a@example.org"])
    assert len(broker_down) == 1  # the second went straight to the outbox
    assert _pending().count() == 2


def test_the_drain_publishes_each_kept_job_once_when_the_broker_is_back(
    broker_down, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(subject="Kept", body="b", to=["a@example.org"])
        email_queue(subject="Kept too", body="b", to=["b@example.org"])
    assert _pending().count() == 2
    # The broker is back: the real path, with tasks run eagerly as in every unit test.
    monkeypatch.undo()
    assert services.drain() == 2
    assert sorted(m.subject for m in mail.outbox) == ["Kept", "Kept too"]
    assert services.drain() == 0  # nothing is published twice
    assert len(mail.outbox) == 2
    assert not _pending().exists()


def test_the_drain_stops_at_the_first_refusal(broker_down):
    for number in range(3):
        OutboxMessage.objects.create(task_name="accounts.tasks.send_email", kwargs={"n": number})
    assert services.drain() == 0
    assert len(broker_down) == 1
    assert list(_pending().values_list("attempts", flat=True)) == [1, 0, 0]


def test_a_sent_message_is_never_published_again(broker_recorder):
    message = OutboxMessage.objects.create(task_name="outbox.tasks.drain")
    assert services.publish(message.pk) == services.SENT
    assert services.publish(message.pk) == services.SKIPPED
    assert len(broker_recorder) == 1


def test_an_unexpected_error_outside_eager_mode_is_logged_and_kept(monkeypatch, caplog):
    monkeypatch.setattr(services, "_eager", lambda: False)

    def broken(message):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "_send", broken)
    message = OutboxMessage.objects.create(task_name="outbox.tasks.drain")
    assert services.publish(message.pk) == services.FAILED
    message.refresh_from_db()
    assert message.sent_at is None and "boom" in message.last_error


def test_the_published_job_keeps_its_task_id_and_options(
    monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setattr(
        send_email, "apply_async", lambda args, kwargs, **options: calls.append(options)
    )
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.enqueue(send_email, kwargs={"to": ["a@b.c"]}, countdown=5)
    assert calls == [{"countdown": 5, "task_id": str(message.task_id)}]


def test_the_drain_forgets_messages_sent_long_ago(broker_recorder):
    from datetime import timedelta

    from django.utils import timezone

    old = OutboxMessage.objects.create(
        task_name="outbox.tasks.drain", sent_at=timezone.now() - timedelta(days=3)
    )
    recent = OutboxMessage.objects.create(task_name="outbox.tasks.drain", sent_at=timezone.now())
    services.drain()
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.pk != recent.pk


def test_the_drain_task_and_command(broker_recorder):
    from io import StringIO

    from django.core.management import call_command

    from outbox.tasks import drain

    OutboxMessage.objects.create(task_name="outbox.tasks.drain")
    assert drain.apply().get() == 1
    out = StringIO()
    call_command("outbox_drain", stdout=out)
    assert out.getvalue().strip() == "0 published, 0 pending"
