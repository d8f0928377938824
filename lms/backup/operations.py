"""The operations: write a backup folder, read and verify its manifest, restore it, prune old
ones."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .common import (
    FILE_FOLDERS,
    FORMAT,
    MANIFEST,
    BackupError,
    copy_hashing,
    evidence_figures,
    files_under,
    sha256_file,
    storage_root,
)
from .database import (
    database_is_empty,
    dump_database,
    empty_database,
    restore_database,
    sqlite_check_unlocked,
)

# --- Backup -----------------------------------------------------------------------------------


def _git_commit() -> str:
    try:
        result = subprocess.run(  # noqa: S603 - fixed argv, git on PATH, no shell  # nosec B603 B607
            ["git", "rev-parse", "HEAD"],  # noqa: S607
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
        )
    except OSError:
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def _applied_migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def backup_create(*, into: Path | None = None) -> Path:
    """Write a complete backup folder under ``into`` (``BACKUP_DIR``) and return its path."""
    root = Path(into or settings.BACKUP_DIR)
    root.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
    final = root / f"tamkeen-{stamp}"
    work = root / f".tamkeen-{stamp}.partial"
    work.mkdir()
    try:
        database, figures = dump_database(work)
        skipped = []
        for folder, alias in FILE_FOLDERS.items():
            source = storage_root(alias)
            if source is None:
                skipped.append(folder)
                continue
            for path in files_under(source):
                copy_hashing(path, work / folder / path.relative_to(source))
        files = {
            str(path.relative_to(work)): {"sha256": sha256_file(path), "size": path.stat().st_size}
            for path in sorted(work.rglob("*"))
            if path.is_file()
        }
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "database": database,
            "code_version": _git_commit(),
            "migrations": _applied_migrations(),
            "storages_not_on_disk": skipped,
            "evidence": figures,
            "algorithm": "sha256",
            "files": files,
        }
        with (work / MANIFEST).open("w", encoding="utf-8") as handle:
            json.dump(manifest, handle, indent=2, ensure_ascii=False, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.rename(work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final


# --- Restore ----------------------------------------------------------------------------------


def manifest_read(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} is not a backup: {MANIFEST} is missing")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def manifest_verify(folder: Path, manifest: dict) -> list[str]:
    """Every problem between the folder and its manifest: a file missing, changed, or
    present without being listed."""
    problems = []
    listed = manifest["files"]
    for name, expected in listed.items():
        path = folder / name
        if Path(name).is_absolute() or ".." in Path(name).parts:
            problems.append(f"unsafe name: {name}")  # would be written outside the folders
        elif not path.is_file():
            problems.append(f"missing: {name}")
        elif path.stat().st_size != expected["size"] or sha256_file(path) != expected["sha256"]:
            problems.append(f"changed: {name}")
    for path in folder.rglob("*"):
        name = str(path.relative_to(folder))
        if path.is_file() and name != MANIFEST and name not in listed:
            problems.append(f"not in the manifest: {name}")
    if manifest["database"] not in listed:
        problems.append(f"missing: {manifest['database']}")
    return problems


@dataclass
class RestoreReport:
    figures: dict
    expected: dict
    chains_ok: bool
    chain_output: str
    files: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.chains_ok and not self.problems


def _target_has_files() -> list[str]:
    busy = []
    for folder, alias in FILE_FOLDERS.items():
        root = storage_root(alias)
        if root is not None and files_under(root):
            busy.append(f"{folder} ({root})")
    return busy


def backup_restore(*, folder: Path, force: bool = False) -> RestoreReport:
    """Check the backup in ``folder`` against its manifest, bring it back into an empty
    database and empty media folders (``force``: drop the tables there and write the files
    over those with the same name), then verify the attendance chains and the figures."""
    import io

    from django.core.management import call_command

    folder = Path(folder)
    sqlite_check_unlocked(restoring=True)
    manifest = manifest_read(folder)
    problems = manifest_verify(folder, manifest)
    if problems:
        raise BackupError("the backup does not match its manifest: " + "; ".join(problems[:20]))
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"this backup is of a {manifest['engine']} database; "
            f"DATABASE_URL points to {connection.vendor}"
        )
    busy = [] if database_is_empty() else ["the database has tables"]
    busy += _target_has_files()
    if busy and not force:
        raise BackupError(
            "refusing to restore over existing data: "
            + "; ".join(busy)
            + " (use an empty database and empty media folders, or --force)"
        )
    if not database_is_empty():
        empty_database()
    restore_database(folder / manifest["database"])

    restored = 0
    problems = []
    for name, expected in manifest["files"].items():
        backup_folder, _, relative = name.partition("/")
        root = storage_root(FILE_FOLDERS[backup_folder]) if relative else None
        if backup_folder not in FILE_FOLDERS or root is None:
            continue
        if copy_hashing(folder / name, root / relative) != expected["sha256"]:
            problems.append(f"restored file differs: {name}")
        restored += 1

    output, errors = io.StringIO(), io.StringIO()
    try:
        call_command("verify_attendance_chains", stdout=output, stderr=errors)
        chains_ok = True
    except SystemExit as exit_:
        chains_ok = exit_.code in (0, None)
    figures = evidence_figures()
    expected = manifest["evidence"]
    if figures != expected:
        problems.append("the evidence figures differ from those recorded at backup time")
    return RestoreReport(
        figures=figures,
        expected=expected,
        chains_ok=chains_ok,
        chain_output=(output.getvalue() + errors.getvalue()).strip(),
        files=restored,
        problems=problems,
    )


def backups_prune(*, keep: int, into: Path | None = None) -> list[Path]:
    """Delete all but the ``keep`` newest complete backups; return what was deleted."""
    root = Path(into or settings.BACKUP_DIR)
    backups = sorted(p for p in root.glob("tamkeen-*") if (p / MANIFEST).is_file())
    doomed = backups[:-keep] if keep > 0 else []
    for path in doomed:
        shutil.rmtree(path)
    return doomed
