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

from .common import MANIFEST, SQLITE_WAIT_SECONDS, BackupError, evidence_figures
from .database import database_is_empty
from .operations import (
    RestoreReport,
    backup_create,
    backup_restore,
    backups_prune,
    manifest_read,
    manifest_verify,
)

__all__ = [
    "MANIFEST",
    "SQLITE_WAIT_SECONDS",
    "BackupError",
    "RestoreReport",
    "backup_create",
    "backup_restore",
    "backups_prune",
    "database_is_empty",
    "evidence_figures",
    "manifest_read",
    "manifest_verify",
]
