"""Removes security events older than SECURITY_LOG_RETENTION_DAYS: the one path that deletes
from the append-only log, run from cron (daily)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from security.models import SecurityEvent


class Command(BaseCommand):
    help = "Delete security log entries older than the retention period."

    def handle(self, *args, **options):
        days = settings.SECURITY_LOG_RETENTION_DAYS
        cutoff = timezone.now() - timedelta(days=days)
        # The append-only queryset refuses delete(); the retention purge bypasses it on purpose
        # with a plain query on the base manager (no signals, no per-row load).
        old = SecurityEvent._base_manager.filter(created_at__lt=cutoff)
        count = old._raw_delete(old.db)
        self.stdout.write(f"Removed {count} security event(s) older than {days} days.")
