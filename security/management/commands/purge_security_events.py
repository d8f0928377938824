"""Removes security events older than SECURITY_LOG_RETENTION_DAYS now (Celery beat also runs it
daily: security.tasks.purge_old_events)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from security.services import security_events_purge


class Command(BaseCommand):
    help = "Delete security log entries older than the retention period."

    def handle(self, *args, **options):
        count = security_events_purge()
        days = settings.SECURITY_LOG_RETENTION_DAYS
        self.stdout.write(f"Removed {count} security event(s) older than {days} days.")
