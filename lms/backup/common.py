"""What a backup is made of: its constants and errors, the evidence figures that must survive
the round trip, and the files of the two storages."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from django.core.files.storage import storages

MANIFEST = "manifest.json"
FORMAT = 1
CHUNK = 1024 * 1024
FILE_FOLDERS = {"media": "default", "private": "private"}  # backup folder -> storage alias
# How long a SQLite backup or restore waits for a lock held by another process before it gives
# up and says why. In WAL mode a reader never waits for writers, so this only runs out when
# some process holds the database exclusively (``locking_mode=EXCLUSIVE``, a rollback-journal
# database being written, another restore).
SQLITE_WAIT_SECONDS = 5


class BackupError(Exception):
    """The backup or the restore cannot go on; the message says why."""


# --- Figures that must survive the round trip --------------------------------------------------


def evidence_figures() -> dict:
    """What the funder pays on, summed over every agreement, with each agreement's evidence
    fingerprint, and the counts of the append-only records."""
    from accounts.models import User
    from certificates.models import Certificate
    from courses.models import AttendanceRecord
    from grants.models import Agreement, AuditLog
    from grants.selectors import agreements_evidence, evidence_fingerprint

    agreements = list(
        Agreement.objects.select_related("programme")
        .prefetch_related("target_regions", "target_provinces")
        .order_by("reference")
    )
    evidence = agreements_evidence(agreements=agreements)
    figures = [evidence[a.pk]["figures"] for a in agreements]
    return {
        "totals": {
            "agreements": len(agreements),
            "sessions_held": sum(f["sessions"] for f in figures),
            "beneficiaries": sum(f["beneficiaries"] for f in figures),
            "member_associations": sum(f["member_associations"] for f in figures),
            "certificates": sum(f["certificates"] or 0 for f in figures),
            "completions": sum(f["completions"] for f in figures),
            "attendance_expected": sum(f["attendance"]["expected"] for f in figures),
            "attendance_attended": sum(f["attendance"]["attended"] for f in figures),
        },
        "records": {
            "users": User.objects.count(),
            "attendance_records": AttendanceRecord.objects.count(),
            "certificates": Certificate.objects.count(),
            "audit_log_entries": AuditLog.objects.count(),
        },
        "agreements": {a.reference: evidence_fingerprint(evidence[a.pk]) for a in agreements},
    }


# --- Files ------------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_hashing(source: Path, target: Path) -> str:
    """Copy ``source`` to ``target`` (a hidden temporary name, then a rename) and return the
    SHA-256 of the bytes written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.restore.part")
    digest = hashlib.sha256()
    with source.open("rb") as reader, temporary.open("wb") as writer:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            writer.write(chunk)
        writer.flush()
        os.fsync(writer.fileno())
    shutil.copystat(source, temporary)
    os.replace(temporary, target)
    return digest.hexdigest()


def _is_temporary(path: Path) -> bool:
    # A write in progress or killed mid-way (save_replacing, evidence packs): never backed up.
    return path.name.startswith(".") and path.name.endswith(".part")


def storage_root(alias: str) -> Path | None:
    """The folder behind a storage, or None for a bucket (backed up by its own versioning)."""
    try:
        return Path(storages[alias].path(""))
    except NotImplementedError:
        return None


def files_under(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(
        p for p in root.rglob("*") if p.is_file() and not p.is_symlink() and not _is_temporary(p)
    )
