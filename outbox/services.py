"""Writing background jobs to the outbox and publishing them to the broker.

Every job is written to ``OutboxMessage`` inside the caller's transaction, so it exists exactly
when the change that asked for it was committed. Once that transaction commits, the web process
publishes it at once (no added latency while the broker is up). When the broker refuses, the row
simply stays pending and ``drain`` publishes it later (beat runs it every 30 seconds, and every
worker runs it when it starts).

Exactly once: a row is published only while it is locked (``SELECT ... FOR UPDATE SKIP
LOCKED`` on PostgreSQL; SQLite serialises writers), and it is marked sent in that same
transaction. The on-commit publisher and any number of drains therefore never publish one row
twice. The one window left is a crash between the broker accepting the message and the commit
of the mark: the drain then publishes it again (at least once), which every task tolerates (see
README, "Background jobs").
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from kombu.exceptions import KombuError

from .models import OutboxMessage

logger = logging.getLogger(__name__)

try:  # the Redis client is there whenever the broker is Redis
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError:  # pragma: no cover
    RedisConnectionError = RedisTimeoutError = OSError

# What a publish raises when the broker cannot take the message (kombu wraps most of these in
# its OperationalError once the publish retry policy is exhausted).
BROKER_ERRORS = (KombuError, OSError, TimeoutError, RedisConnectionError, RedisTimeoutError)

# After a refusal the web process stops trying the broker for a few seconds: requests go on
# without paying a connection timeout each, and the drain catches up.
_broker_down_until = 0.0


def _breaker_seconds() -> float:
    return float(getattr(settings, "OUTBOX_BROKER_RETRY_SECONDS", 10))


def broker_recently_down() -> bool:
    return time.monotonic() < _broker_down_until


def _mark_broker_down() -> None:
    global _broker_down_until
    _broker_down_until = time.monotonic() + _breaker_seconds()


def _mark_broker_up() -> None:
    global _broker_down_until
    _broker_down_until = 0.0


def _celery_app():
    # The project's app (lms/celery.py), current since the project package was imported.
    from celery import current_app

    return current_app


def _eager() -> bool:
    """Tasks run in-process (unit tests): their own exceptions must reach the caller."""
    return bool(_celery_app().conf.task_always_eager)


def enqueue(task, *, args=(), kwargs=None, **options) -> OutboxMessage:
    """Keep a job for ``task`` (a Celery task or its name) and publish it once the current
    transaction commits; if the broker is down it waits in the outbox for the drain.
    ``options`` are ``apply_async`` options (``queue``, ``countdown``...)."""
    name = task if isinstance(task, str) else task.name
    message = OutboxMessage.objects.create(
        task_name=name, args=list(args), kwargs=dict(kwargs or {}), options=options
    )
    pk = message.pk
    transaction.on_commit(lambda: _publish_after_commit(pk))
    return message


def _publish_after_commit(pk: int) -> None:
    if broker_recently_down():
        logger.info("Broker recently down: outbox message %s waits for the drain", pk)
        return
    publish(pk)


def _send(message: OutboxMessage) -> None:
    app = _celery_app()
    options = {**message.options, "task_id": str(message.task_id)}
    task = app.tasks.get(message.task_name)
    if task is not None:
        task.apply_async(args=message.args, kwargs=message.kwargs, **options)
    else:  # a task this process does not import: the broker routes it by name
        app.send_task(message.task_name, args=message.args, kwargs=message.kwargs, **options)


SENT, FAILED, SKIPPED = "sent", "failed", "skipped"


def publish(pk: int) -> str:
    """Publish one pending message: ``SENT``, ``FAILED`` (the broker refused; the row stays
    pending with the error) or ``SKIPPED`` (already sent, or being sent by someone else)."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, sent_at__isnull=True)
            .first()
        )
        if message is None:
            return SKIPPED
        now = timezone.now()
        message.attempts += 1
        message.last_attempt_at = now
        try:
            _send(message)
        except Exception as error:
            if _eager() and not isinstance(error, BROKER_ERRORS):
                raise  # an eager task's own failure (unit tests): the caller sees it
            _mark_broker_down()
            logger.warning(
                "Could not publish outbox message %s (%s): kept for the drain",
                message.pk,
                message.task_name,
                exc_info=not isinstance(error, BROKER_ERRORS),
            )
            message.last_error = f"{error.__class__.__name__}: {error}"[:2000]
            message.save(update_fields=["attempts", "last_attempt_at", "last_error"])
            return FAILED
        _mark_broker_up()
        message.sent_at = now
        # The arguments can hold secrets and personal data (an invitation link, an address):
        # once the broker has them the database keeps only the task's name and id.
        message.args, message.kwargs = [], {}
        message.save(update_fields=["attempts", "last_attempt_at", "sent_at", "args", "kwargs"])
        return SENT


def drain(*, limit: int = 500) -> int:
    """Publish pending messages, oldest first; stop at the first refusal (the broker is still
    down: the next run tries again). Forget messages sent more than two days ago. Returns the
    number published."""
    pending = list(
        OutboxMessage.objects.filter(sent_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for pk in pending:
        outcome = publish(pk)
        if outcome == FAILED:
            break
        sent += outcome == SENT
    keep = timedelta(days=getattr(settings, "OUTBOX_KEEP_SENT_DAYS", 2))
    OutboxMessage.objects.filter(sent_at__lt=timezone.now() - keep).delete()
    if sent:
        logger.info("Outbox drain published %s message(s)", sent)
    return sent


def pending_summary() -> dict:
    """How many messages wait for the broker, and for how long the oldest has (for /health/)."""
    summary = OutboxMessage.objects.filter(sent_at__isnull=True).aggregate(oldest=Min("created_at"))
    count = OutboxMessage.objects.filter(sent_at__isnull=True).count()
    oldest = summary["oldest"]
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return {"pending": count, "oldest_pending_seconds": round(age, 1)}
