"""Verify an evidence pack against the platform's own published keys (``grants.verifier``,
the same checks as ``bin/verify-pack``), and also recompute its attendance chains' keyed
links in the live database (``courses.attendance.services.attendance_chain_verify``): a pack
whose chains still verify inside the pack but whose records were rewritten since shows here.
Exit status 1 when anything fails."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from certificates.signing import published_jwks
from grants.verifier import chain_session_ids, verify_pack


class Command(BaseCommand):
    help = (
        "Verify an evidence pack (manifest signature, every file's SHA-256, the frozen "
        "snapshots and their signatures, the attendance chains, the beneficiary samples) with "
        "the keys this platform publishes, and recompute the chains in the live database; "
        "exit status 1 if anything fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("pack", help="the evidence pack, a ZIP file")
        parser.add_argument(
            "--no-live", action="store_true", help="skip the check of the live chains"
        )

    def handle(self, *args, pack, no_live=False, **options):
        path = Path(pack)
        if not path.is_file():
            raise CommandError(_("%(path)s is not a file.") % {"path": pack})
        report = verify_pack(path, jwks=published_jwks(), gettext=_)
        if not no_live:
            self._live_chains(path, report)
        for check in report:
            line = f"{'OK  ' if check.ok else 'FAIL'}  {check.check}: {check.message}"
            (self.stdout if check.ok else self.stderr).write(line)
        if report.ok:
            self.stdout.write(self.style.SUCCESS(report.verdict))
            return
        self.stderr.write(self.style.ERROR(report.verdict))
        raise SystemExit(1)

    def _live_chains(self, path: Path, report) -> None:
        """Each session of the pack's chains.csv, recomputed from the live records with the
        evidence keys (which only the platform holds)."""
        from courses.attendance.services import attendance_chain_verify
        from courses.models import TrainingSession

        ids = chain_session_ids(path)
        if ids is None:
            return
        broken = []
        for session in TrainingSession.objects.filter(pk__in=ids).order_by("pk"):
            result = attendance_chain_verify(session=session)
            if result:
                first = getattr(result, "first_broken", None)
                if first is None and len(result):
                    first = result[0].record_id
                broken.append((session.pk, first))
        missing = sorted(
            set(ids) - set(TrainingSession.objects.filter(pk__in=ids).values_list("pk", flat=True))
        )
        for session_id in missing:
            report.add(
                "live chains",
                False,
                _("Session %(session)s is no longer in the database.") % {"session": session_id},
            )
        for session_id, record in broken:
            if record is None:
                message = _("Session %(session)s: broken at the chain's end (its seal).") % {
                    "session": session_id
                }
            else:
                message = _("Session %(session)s: broken at record %(record)s.") % {
                    "session": session_id,
                    "record": record,
                }
            report.add("live chains", False, message)
        if not broken and not missing:
            report.add(
                "live chains",
                True,
                _("ok: %(count)d sessions recomputed in the database.") % {"count": len(ids)},
            )
