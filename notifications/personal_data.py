"""Notifications are the person's own messages: exported with My data, deleted on erasure, and
deleted by the daily purge NOTIFICATIONS_RETENTION_DAYS after they were read."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Erasure, register, rows
from accounts.retention import register_rule

from .models import Notification

register(
    "notifications.Notification",
    section="notifications",
    fields=["recipient"],
    export=lambda user: rows(
        Notification.objects.filter(recipient=user).order_by("created_at"),
        "kind",
        "params",
        "url",
        "created_at",
        "read_at",
        "emailed",
    ),
    erasure=Erasure.DELETE,
    erase=lambda user, pseudonym: Notification.objects.filter(recipient=user).delete()[0],
    why=_("Deleted: they were messages to you."),
)


def purge_read_notifications() -> int:
    days = getattr(settings, "NOTIFICATIONS_RETENTION_DAYS", 365)
    cutoff = timezone.now() - timedelta(days=days)
    return Notification.objects.filter(read_at__lt=cutoff).delete()[0]


register_rule("notifications_read_deleted", purge_read_notifications, order=60)
