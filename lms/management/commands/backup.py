"""``manage.py backup``: the database, the media and the private media in one folder under
BACKUP_DIR, with a manifest of SHA-256 hashes and the evidence figures (lms/backup/)."""

import hashlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.backup import MANIFEST, BackupError, backup_create, backups_prune


class Command(BaseCommand):
    help = "Write a consistent backup (database, media, private media, SHA-256 manifest)."

    def add_arguments(self, parser):
        parser.add_argument("--into", type=Path, help="folder to write into (default BACKUP_DIR)")
        parser.add_argument(
            "--keep", type=int, default=0, help="then delete all but the N newest backups"
        )

    def handle(self, *args, into=None, keep=0, **options):
        try:
            folder = backup_create(into=into)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = (folder / MANIFEST).read_bytes()
        self.stdout.write(self.style.SUCCESS(f"Backup written: {folder}"))
        # Keep this line somewhere else: it proves later that the manifest was not rewritten.
        self.stdout.write(f"manifest SHA-256: {hashlib.sha256(manifest).hexdigest()}")
        if keep:
            for old in backups_prune(keep=keep, into=into):
                self.stdout.write(f"deleted old backup {old}")
