"""The one operation that removes security events: the retention purge."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import SecurityEvent


def security_events_purge(*, now=None) -> int:
    """Delete the events older than ``SECURITY_LOG_RETENTION_DAYS``; returns how many.

    The append-only queryset refuses delete(): the purge goes around it on purpose, with a plain
    query on the base manager (no signals, no rows loaded)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.SECURITY_LOG_RETENTION_DAYS)
    old = SecurityEvent._base_manager.filter(created_at__lt=cutoff)
    return old._raw_delete(old.db)
