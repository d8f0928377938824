"""Backups and restores: the database, the media and the private media in one timestamped
folder with a manifest of SHA-256 hashes and the evidence figures of the moment.

The database is copied with its own engine's tool, never with ``dumpdata``: natural keys and
fixtures do not carry Wagtail's page tree (treebeard paths), revisions and content types
faithfully, and they are slow on a real data set.

- PostgreSQL: ``pg_dump --format=custom --no-owner --no-privileges`` reads one transaction
  snapshot. The snapshot is exported from this process's own REPEATABLE READ transaction
  (``pg_export_snapshot()`` + ``pg_dump --snapshot``), so the evidence figures written in the
  manifest are computed from exactly the data in the dump. ``pg_restore
  --single-transaction`` brings it back whole or not at all.
- SQLite (the embedded default): the online backup API (``sqlite3.Connection.backup``) copies
  the live database in one step from inside a *read* transaction (``BEGIN DEFERRED``) in which
  the figures are read too, so both come from one snapshot. In WAL mode that read transaction
  blocks no writer and no writer blocks it, so a backup of a running site takes seconds.
  Never from a write transaction: the demo's connections begin ``IMMEDIATE`` (a write lock),
  and SQLite answers every backup step from a connection holding a write lock with
  SQLITE_BUSY, which Python's ``backup()`` retries for ever. Nor in several steps: a step
  after another connection's write starts the copy again. Any wait for a lock is bounded
  (``SQLITE_WAIT_SECONDS``): past it the backup is refused with the reason. Restoring is the
  same call the other way, bounded the same way.

Files are copied after the database: a file is always written before the row that names it
commits (``core.storage.save_replacing``), so every file the dump names is there. A folder is
written under a hidden ``.partial`` name and renamed when complete: a folder without the dot
is a whole backup.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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


def _copy_hashing(source: Path, target: Path) -> str:
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


def _files_under(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(
        p for p in root.rglob("*") if p.is_file() and not p.is_symlink() and not _is_temporary(p)
    )


# --- Database ---------------------------------------------------------------------------------


def _pg_env() -> dict:
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    if (db.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return env


def _run(command: list[str], **kwargs) -> None:
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, **kwargs)  # noqa: S603 - our argv, no shell  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


class _LockWaitExpired(Exception):
    pass


def _sqlite_locked(*, restoring: bool = False) -> BackupError:
    if restoring:
        message = _(
            "The SQLite database stayed locked by another process for %(seconds)s s, so "
            "nothing was restored. Stop the site and its workers, then restore again."
        )
    else:
        message = _(
            "The SQLite database stayed locked by another process for %(seconds)s s, so no "
            "backup was written. Some process holds it exclusively (locking_mode=EXCLUSIVE, a "
            "database not in WAL mode being written, or a restore under way): try again, or "
            "stop that process first."
        )
    return BackupError(message % {"seconds": SQLITE_WAIT_SECONDS})


def _sqlite_copy(
    source: sqlite3.Connection, target: sqlite3.Connection, *, restoring: bool = False
) -> None:
    """Copy every page of ``source`` into ``target`` in one backup step (``pages=-1``), so no
    write by another connection between steps can restart it. Python retries a step answered
    SQLITE_BUSY or SQLITE_LOCKED without end; the progress callback, called after every step,
    stops it after ``SQLITE_WAIT_SECONDS``."""
    deadline = time.monotonic() + SQLITE_WAIT_SECONDS

    def progress(status: int, remaining: int, total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise _LockWaitExpired

    try:
        source.backup(target, pages=-1, progress=progress, sleep=0.05)
    except _LockWaitExpired:
        raise _sqlite_locked(restoring=restoring) from None


def _sqlite_check_unlocked(*, restoring: bool = False) -> None:
    """Refuse within ``SQLITE_WAIT_SECONDS`` when another process holds the database file
    exclusively, before this process's own connection (whose setup waits 20 s for a lock)
    is opened. A second, short-lived connection reads the schema and goes."""
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        return
    path = Path(connection.settings_dict["NAME"]).resolve()
    if not path.is_file():
        if restoring:
            return  # an empty database: Django creates the file
        raise BackupError(_("There is no SQLite database at %(path)s.") % {"path": path})
    try:
        probe = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, timeout=SQLITE_WAIT_SECONDS)
        try:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            probe.close()
    except sqlite3.OperationalError as error:
        if "locked" not in str(error):
            raise
        raise _sqlite_locked(restoring=restoring) from error


@contextlib.contextmanager
def _sqlite_busy_timeout(raw: sqlite3.Connection):
    """Wait at most ``SQLITE_WAIT_SECONDS`` for a lock on this connection (the site's
    connections wait 20 s), then put the connection's own timeout back."""
    (previous,) = raw.execute("PRAGMA busy_timeout").fetchone()
    raw.execute(f"PRAGMA busy_timeout = {int(SQLITE_WAIT_SECONDS * 1000)}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA busy_timeout = {int(previous)}")


@contextlib.contextmanager
def _sqlite_read_snapshot():
    """One read transaction on this process's connection: the ORM queries inside and the
    backup call read the same snapshot (a backup from a connection already in a read
    transaction copies that transaction's view).

    Django begins this project's SQLite transactions ``IMMEDIATE`` (settings: one writer at a
    time, no deadlock on upgrade), which takes the write lock; SQLite refuses to back up from a
    connection holding it. The block is therefore begun ``DEFERRED``: nothing is locked until
    the first read, and in WAL mode a reader neither waits for writers nor holds them up."""
    if connection.in_atomic_block:
        raise BackupError(
            _(
                "A backup cannot run inside an open transaction: it would copy uncommitted "
                "changes, or wait for its own write lock. Run it on its own."
            )
        )
    raw = connection.connection
    mode = connection.transaction_mode
    connection.transaction_mode = "DEFERRED"
    try:
        with _sqlite_busy_timeout(raw), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM sqlite_master")  # the snapshot starts here
            yield
    except OperationalError as error:  # "database is locked" after the busy timeout
        if "locked" not in str(error):
            raise
        raise _sqlite_locked() from error
    finally:
        connection.transaction_mode = mode


def _dump_database(folder: Path) -> tuple[str, dict]:
    """Write the database into ``folder``; return its file name and the figures read from
    the same snapshot."""
    _sqlite_check_unlocked()
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        name = "database.pgdump"
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            figures = evidence_figures()
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={folder / name}",
                ]
            )
        return name, figures
    if connection.vendor == "sqlite":
        name = "database.sqlite3"
        with _sqlite_read_snapshot():
            figures = evidence_figures()
            target = sqlite3.connect(folder / name)
            try:
                _sqlite_copy(connection.connection, target)
                # The copy carries the live file's WAL flag; a backup is one plain file, which
                # a reader can open on a read-only disk without -wal and -shm beside it.
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
        return name, figures
    raise BackupError(f"no backup method for the {connection.vendor} database")


def database_is_empty() -> bool:
    return not connection.introspection.table_names(include_views=True)


def _empty_database() -> None:
    """``--force``: drop every table (PostgreSQL) before the restore. SQLite needs nothing:
    the backup API replaces the whole file."""
    if connection.vendor != "postgresql":
        return
    tables = connection.introspection.table_names(include_views=False)
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")


def _restore_database(path: Path) -> None:
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        connection.close()  # pg_restore works alone; this process reconnects afterwards
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(path),
            ]
        )
    elif connection.vendor == "sqlite":
        source = sqlite3.connect(path)
        try:
            with _sqlite_busy_timeout(connection.connection):
                _sqlite_copy(source, connection.connection, restoring=True)
        finally:
            source.close()
    else:
        raise BackupError(f"no restore method for the {connection.vendor} database")
    connection.close()
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


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
        database, figures = _dump_database(work)
        skipped = []
        for folder, alias in FILE_FOLDERS.items():
            source = storage_root(alias)
            if source is None:
                skipped.append(folder)
                continue
            for path in _files_under(source):
                _copy_hashing(path, work / folder / path.relative_to(source))
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
        if root is not None and _files_under(root):
            busy.append(f"{folder} ({root})")
    return busy


def backup_restore(*, folder: Path, force: bool = False) -> RestoreReport:
    """Check the backup in ``folder`` against its manifest, bring it back into an empty
    database and empty media folders (``force``: drop the tables there and write the files
    over those with the same name), then verify the attendance chains and the figures."""
    import io

    from django.core.management import call_command

    folder = Path(folder)
    _sqlite_check_unlocked(restoring=True)
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
        _empty_database()
    _restore_database(folder / manifest["database"])

    restored = 0
    problems = []
    for name, expected in manifest["files"].items():
        backup_folder, _, relative = name.partition("/")
        root = storage_root(FILE_FOLDERS[backup_folder]) if relative else None
        if backup_folder not in FILE_FOLDERS or root is None:
            continue
        if _copy_hashing(folder / name, root / relative) != expected["sha256"]:
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
