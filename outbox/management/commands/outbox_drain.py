"""Publish the background jobs kept in the outbox while the broker was down."""

from django.core.management.base import BaseCommand

from outbox.models import OutboxMessage
from outbox.services import drain


class Command(BaseCommand):
    help = "Publish pending outbox messages to the broker (beat does it every 30 seconds)."

    def handle(self, *args, **options):
        sent = drain()
        left = OutboxMessage.objects.filter(sent_at__isnull=True).count()
        self.stdout.write(f"{sent} published, {left} pending")
        if left:
            raise SystemExit(1)
