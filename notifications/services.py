"""Telling people what concerns them: an on-site notification, and an e-mail in their language
sent through the outbox once the caller's transaction commits."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.services import email_queue

from .models import Notification
from .registry import get_kind


def _absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


def _language(user) -> str:
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def _email(*, notification: Notification, kind, recipient) -> None:
    with translation.override(_language(recipient)):
        subject = str(kind.subject(notification.params))
        body = render_to_string(
            kind.body_template,
            {
                "params": notification.params,
                "subject": subject,
                "recipient": recipient,
                "url": _absolute(notification.target_url()),
                "notifications_url": _absolute(reverse("notifications:list")),
            },
        )
    email_queue(subject=subject, body=body, to=[recipient.email])


def notify(
    *,
    recipients: Iterable,
    kind: str,
    params: dict | None = None,
    url: str = "",
    link: tuple[str, list] | None = None,
    key: str = "",
    email: bool | None = None,
) -> list[Notification]:
    """Notify each recipient once (a person listed twice is notified once; with ``key``, a
    person already notified under that key is not notified again). ``link=("app:name",
    [args])`` is reversed in each reader's language; ``url`` is a plain path on this site.
    Returns the notifications created. Run it inside the transaction of the change it tells
    about: nothing is sent if that change rolls back."""
    spec = get_kind(kind)
    send_email = spec.email if email is None else (email and spec.email)
    params = dict(params or {})
    created = []
    seen = set()
    for recipient in recipients:
        if recipient is None or recipient.pk in seen or not recipient.is_active:
            continue
        seen.add(recipient.pk)
        if getattr(recipient, "erased_at", None):
            continue
        if key and Notification.objects.filter(recipient=recipient, key=key).exists():
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=recipient,
                    kind=kind,
                    params=params,
                    url=url,
                    url_name=link[0] if link else "",
                    url_args=list(link[1]) if link else [],
                    key=key,
                    emailed=bool(send_email and recipient.email),
                )
        except IntegrityError:  # the same key, written by a concurrent run
            continue
        if notification.emailed:
            _email(notification=notification, kind=spec, recipient=recipient)
        created.append(notification)
    return created


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all of them without ``ids``)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
