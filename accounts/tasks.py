"""E-mail leaves the web process through the broker, on its own queue."""

import logging
from email.utils import parseaddr

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives

logger = logging.getLogger(__name__)

# Longer than any redelivery can come: the broker's visibility timeout plus every retry.
SENT_MARK_SECONDS = 7 * 24 * 60 * 60


def _sent_key(task_id: str) -> str:
    return f"tamkeen:email-sent:{task_id}"


def _cache_call(call, *args):
    # The mark only avoids a duplicate: without the cache, sending matters more.
    try:
        return call(*args)
    except Exception:  # noqa: BLE001 - any cache failure
        logger.warning("e-mail sent-mark unavailable", exc_info=True)
        return None


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_kwargs={"max_retries": 8},
)
def send_email(self, *, subject, body, to, from_email=None, html=None, headers=None):
    """Send one e-mail, once. The task is acknowledged only after it has run, so a worker
    killed mid-send hands it to the next one; a mark under the task's id (the same on every
    redelivery and retry) makes a redelivered e-mail that was already sent do nothing. Only a
    kill between the mail server's acceptance and the mark can still send it twice; the
    Message-ID taken from the task id lets mail clients fold that copy into the first."""
    task_id = self.request.id
    if task_id and _cache_call(cache.get, _sent_key(task_id)):
        return
    headers = dict(headers or {})
    if task_id and "message-id" not in {name.lower() for name in headers}:
        domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
        headers["Message-ID"] = f"<{task_id}@{domain}>"
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=from_email, to=to, headers=headers
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
    if task_id:
        _cache_call(cache.set, _sent_key(task_id), 1, SENT_MARK_SECONDS)


@shared_task
def retention_purge() -> dict:
    """Daily (CELERY_BEAT_SCHEDULE): erase or pseudonymise what is past its retention period.
    Running it twice changes nothing the second time."""
    from .retention import retention_purge_run

    return retention_purge_run()
