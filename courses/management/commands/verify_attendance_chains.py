"""Check every session's attendance chain (links, seals, head); exit with status 1 if any is
broken. Each session's result is printed: intact (with its legacy, unkeyed links counted), or
its breaks, the first broken link named."""

from django.core.management.base import BaseCommand

from courses.attendance.services import attendance_chain_verify
from courses.models import AttendanceRecord, ChainSeal, TrainingSession


class Command(BaseCommand):
    help = (
        "Verify the attendance chain of every session (keyed links, seals, head) and report any "
        "break, naming the first broken link; exit status 1 if a chain is broken."
    )

    def add_arguments(self, parser):
        parser.add_argument("--session", type=int, action="append", help="only these session ids")

    def handle(self, *args, session=None, verbosity=1, **options):
        # A session whose records were all deleted still has its seal: it is checked too.
        sessions = TrainingSession.objects.filter(
            pk__in=AttendanceRecord.objects.values("session")
        ) | TrainingSession.objects.filter(pk__in=ChainSeal.objects.values("session"))
        sessions = sessions.order_by("pk")
        if session:
            sessions = sessions.filter(pk__in=session)
        checked = broken = legacy = 0
        for training_session in sessions.iterator():
            checked += 1
            result = attendance_chain_verify(session=training_session)
            legacy += result.legacy_links
            note = f", {result.legacy_links} legacy (unkeyed)" if result.legacy_links else ""
            if result:
                broken += 1
                first = (
                    f"first broken link: record {result.first_broken}"
                    if result.first_broken is not None
                    else "the chain's end does not match its seal"
                )
                self.stderr.write(
                    f"session {training_session.pk}: BROKEN, {result.records} link(s){note}; "
                    f"{first}"
                )
                for item in result:
                    where = f" at record {item.record_id}" if item.record_id else ""
                    seal = f" (seal {item.seal_id})" if item.seal_id else ""
                    self.stderr.write(f"session {training_session.pk}: {item.code}{where}{seal}")
            elif verbosity >= 1:
                self.stdout.write(
                    f"session {training_session.pk}: intact, {result.records} link(s){note}"
                )
        summary = f"{checked} attendance chain(s) checked, {broken} broken."
        if legacy:
            summary += f" {legacy} legacy link(s) without a key (plain SHA-256)."
        if broken:
            self.stderr.write(self.style.ERROR(summary))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(summary))
