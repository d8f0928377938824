"""The database half: PostgreSQL through pg_dump/pg_restore on one snapshot, SQLite through the
online backup API from a read transaction, each wait bounded."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import time
from pathlib import Path

from django.db import OperationalError, connection, transaction
from django.utils.translation import gettext as _

from .common import SQLITE_WAIT_SECONDS, BackupError, evidence_figures

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


def sqlite_check_unlocked(*, restoring: bool = False) -> None:
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


def dump_database(folder: Path) -> tuple[str, dict]:
    """Write the database into ``folder``; return its file name and the figures read from
    the same snapshot."""
    sqlite_check_unlocked()
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


def empty_database() -> None:
    """``--force``: drop every table (PostgreSQL) before the restore. SQLite needs nothing:
    the backup API replaces the whole file."""
    if connection.vendor != "postgresql":
        return
    tables = connection.introspection.table_names(include_views=False)
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")


def restore_database(path: Path) -> None:
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
