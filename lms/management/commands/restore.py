"""``manage.py restore <folder>``: verify a backup against its manifest, bring it back into an
empty database and empty media folders, verify the attendance chains and compare the evidence
figures with those recorded at backup time (lms/backup/). Exit status 1 on any mismatch."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.backup import BackupError, backup_restore, manifest_read, manifest_verify


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a backup folder (tamkeen-<timestamp>)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore even if the database has tables (they are dropped) or the media "
            "folders have files (files with the same name are replaced)",
        )
        parser.add_argument(
            "--check-only", action="store_true", help="only verify the folder against its manifest"
        )

    def handle(self, *args, folder, force=False, check_only=False, **options):
        try:
            if check_only:
                manifest = manifest_read(folder)
                problems = manifest_verify(folder, manifest)
                if problems:
                    raise BackupError("; ".join(problems))
                self.stdout.write(self.style.SUCCESS(f"{len(manifest['files'])} files verified."))
                return
            report = backup_restore(folder=folder, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{report.files} media file(s) restored and verified.")
        self.stdout.write(report.chain_output)
        totals = report.figures["totals"]
        records = report.figures["records"]
        self.stdout.write("Evidence figures after the restore:")
        for key, value in {**totals, **records}.items():
            recorded = {**report.expected["totals"], **report.expected["records"]}.get(key)
            mark = "" if recorded == value else f"   (backup said {recorded})"
            self.stdout.write(f"  {key:24} {value}{mark}")
        changed = [
            reference
            for reference, fingerprint in report.figures["agreements"].items()
            if report.expected["agreements"].get(reference) != fingerprint
        ]
        if changed:
            self.stderr.write("agreements whose evidence differs: " + json.dumps(changed[:50]))
        if not report.ok:
            self.stderr.write(self.style.ERROR("Restore finished with problems:"))
            for problem in report.problems:
                self.stderr.write(f"  {problem}")
            if not report.chains_ok:
                self.stderr.write("  attendance chains broken")
            raise SystemExit(1)
        self.stdout.write(
            self.style.SUCCESS("Restore complete: chains intact, evidence figures identical.")
        )
