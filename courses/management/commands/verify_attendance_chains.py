"""Check every session's attendance hash chain; exit with status 1 if any is broken."""

from django.core.management.base import BaseCommand

from courses.attendance.services import attendance_chain_verify
from courses.models import AttendanceRecord, TrainingSession


class Command(BaseCommand):
    help = "Verify the attendance hash chain of every session and report any break."

    def add_arguments(self, parser):
        parser.add_argument("--session", type=int, action="append", help="only these session ids")

    def handle(self, *args, session=None, **options):
        sessions = TrainingSession.objects.filter(
            pk__in=AttendanceRecord.objects.values("session")
        ).order_by("pk")
        if session:
            sessions = sessions.filter(pk__in=session)
        checked = broken = 0
        for training_session in sessions.iterator():
            checked += 1
            breaks = attendance_chain_verify(session=training_session)
            if breaks:
                broken += 1
                for item in breaks:
                    self.stderr.write(
                        f"session {training_session.pk}: {item.code}"
                        + (f" at record {item.record_id}" if item.record_id else "")
                    )
        summary = f"{checked} attendance chain(s) checked, {broken} broken."
        if broken:
            self.stderr.write(self.style.ERROR(summary))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(summary))
