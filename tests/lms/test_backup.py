"""``manage.py backup`` and ``manage.py restore`` on SQLite: a backup restores into an empty
database with intact attendance chains and identical evidence figures, and a backup that does
not match its manifest is refused before anything is touched."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import translation

from accounts.models import User
from certificates.models import Certificate
from courses.models import AttendanceRecord
from lms import backup
from lms.backup import MANIFEST, BackupError, backup_create, evidence_figures
from tests.factories.certificates import issued_certificate
from tests.factories.grants import AgreementFactory
from tests.grants.evidence_data import build

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _content_type_cache():
    """The restore empties the content-type cache; filled again before the database is
    flushed, it keeps the next test's reload of the migrated rows from creating them anew."""
    yield
    ContentType.objects.get_for_models(*apps.get_models())


@pytest.fixture
def media(settings, monkeypatch, tmp_path):
    """Media and private media in folders of this test, so a restore can find them empty.
    The private storage is the instance the models hold (its folder comes from OPTIONS)."""
    private = storages["private"]

    def use(name):
        media_root, private_root = tmp_path / name / "media", tmp_path / name / "private"
        media_root.mkdir(parents=True)
        private_root.mkdir(parents=True)
        settings.MEDIA_ROOT = str(media_root)
        monkeypatch.setattr(private, "_location", str(private_root))
        for cached in ("base_location", "location"):
            private.__dict__.pop(cached, None)
        return media_root, private_root

    yield use
    for cached in ("base_location", "location"):
        private.__dict__.pop(cached, None)


@pytest.fixture
def evidence(media):
    """An agreement with held sessions, attendance chains and a certificate with its PDF, and
    an image in the public media."""
    media("before")
    agreement = AgreementFactory()
    build(agreement)
    certificate = issued_certificate(association=agreement.association)
    storages["default"].save("images/poster.png", ContentFile(b"\x89PNG\r\n\x1a\n poster"))
    assert AttendanceRecord.objects.exists() and certificate.pdf
    return certificate


def _empty_the_database():
    """What a new machine has: a database without a single table."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys = OFF")
        for table in connection.introspection.table_names():
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)}")
        cursor.execute("PRAGMA foreign_keys = ON")
    assert connection.introspection.table_names() == []


def test_a_backup_restores_into_an_empty_database_with_identical_figures(evidence, media, tmp_path):
    before = evidence_figures()
    assert before["totals"]["sessions_held"] > 0 and before["records"]["attendance_records"] > 0
    pdf_name, pdf_sha = evidence.pdf.name, evidence.pdf_sha256

    folder = backup_create(into=tmp_path / "backups")
    manifest = json.loads((folder / MANIFEST).read_text())
    assert folder.name.startswith("tamkeen-") and manifest["engine"] == "sqlite"
    assert manifest["evidence"] == before
    assert {"database.sqlite3", f"private/{pdf_name}", "media/images/poster.png"} <= set(
        manifest["files"]
    )
    assert not [p for p in (tmp_path / "backups").iterdir() if p.name.startswith(".")]

    _empty_the_database()
    media_root, private_root = media("after")
    out = io.StringIO()
    call_command("restore", str(folder), stdout=out)

    assert evidence_figures() == before
    assert "0 broken" in out.getvalue()
    assert "evidence figures identical" in out.getvalue()
    assert str(before["totals"]["beneficiaries"]) in out.getvalue()
    restored = Certificate.objects.get(pk=evidence.pk)
    assert restored.pdf_sha256 == pdf_sha
    assert hashlib.sha256((private_root / pdf_name).read_bytes()).hexdigest() == pdf_sha
    assert (media_root / "images" / "poster.png").exists()
    call_command("verify_attendance_chains", stdout=io.StringIO())


def test_a_tampered_file_fails_the_manifest_and_nothing_is_restored(evidence, media, tmp_path):
    folder = backup_create(into=tmp_path / "backups")
    pdf = folder / "private" / evidence.pdf.name
    pdf.write_bytes(pdf.read_bytes().replace(b"%PDF", b"%PDX", 1))
    media_root, private_root = media("after")
    with pytest.raises(CommandError, match=f"changed: private/{evidence.pdf.name}"):
        call_command("restore", str(folder), "--force")
    assert Certificate.objects.filter(pk=evidence.pk).exists()  # the database was not touched
    assert list(media_root.iterdir()) == list(private_root.iterdir()) == []
    with pytest.raises(CommandError, match="changed"):
        call_command("restore", str(folder), "--check-only")


def test_a_file_slipped_into_the_backup_fails_the_manifest(evidence, tmp_path):
    folder = backup_create(into=tmp_path / "backups")
    (folder / "private" / "extra.pdf").write_bytes(b"%PDF-1.7 not ours")
    with pytest.raises(CommandError, match="not in the manifest: private/extra.pdf"):
        call_command("restore", str(folder), "--check-only")


def test_restore_refuses_a_database_that_has_data(evidence, tmp_path):
    folder = backup_create(into=tmp_path / "backups")
    with pytest.raises(CommandError, match="refusing to restore over existing data"):
        call_command("restore", str(folder))
    assert Certificate.objects.filter(pk=evidence.pk).exists()


def test_the_backup_command_prints_the_folder_and_the_manifest_hash(evidence, tmp_path):
    out = io.StringIO()
    call_command("backup", "--into", str(tmp_path / "b"), "--keep", "1", stdout=out)
    call_command("backup", "--into", str(tmp_path / "b"), "--keep", "1", stdout=out)
    assert "manifest SHA-256:" in out.getvalue()
    assert len(list((tmp_path / "b").iterdir())) == 1


def test_force_restores_over_a_database_that_has_data(evidence, tmp_path):
    """--force: the tables are replaced by the backup's, files with the same name rewritten."""
    before = evidence_figures()
    folder = backup_create(into=tmp_path / "backups")
    Certificate.objects.filter(pk=evidence.pk).update(holder_name_latin="Changed after")
    out = io.StringIO()
    call_command("restore", str(folder), "--force", stdout=out)
    assert "evidence figures identical" in out.getvalue()
    assert Certificate.objects.get(pk=evidence.pk).holder_name_latin != "Changed after"
    assert evidence_figures() == before


def test_a_manifest_naming_a_file_outside_the_backup_is_refused(evidence, tmp_path):
    folder = backup_create(into=tmp_path / "backups")
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["files"]["private/../../escape.txt"] = {"sha256": "0" * 64, "size": 0}
    (folder / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="unsafe name"):
        call_command("restore", str(folder), "--check-only")


# --- A backup of a file database that another process keeps writing ----------------------------

# The demo's own settings (lms.settings.dev: WAL, transactions begun IMMEDIATE, 20 s timeout) on
# a file database, in processes of their own, as `make run` and `manage.py backup` run.
WRITER = """
import os, sys, time, uuid
import django
django.setup()
from accounts.models import User
stop, deadline = sys.argv[1], time.monotonic() + 120
while not os.path.exists(stop) and time.monotonic() < deadline:
    User.objects.create_user(email=f"writer-{uuid.uuid4().hex[:12]}@example.test", password=None)
    print(time.time(), flush=True)
    time.sleep(0.01)
"""


def _live_database(tmp_path) -> Path:
    """This test's database (migrated, with the evidence) copied to a WAL-mode file."""
    path = tmp_path / "live" / "tamkeen.sqlite3"
    path.parent.mkdir()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode = WAL")
    finally:
        target.close()
    return path


def _demo_env(database: Path, tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_", "CELERY"))}
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.dev",
        DATABASE_URL=f"sqlite:///{database}",
        TAMKEEN_VAR_DIR=str(tmp_path / "var"),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        PRIVATE_MEDIA_ROOT=str(storages["private"].location),
        PYTHONPATH=str(settings.BASE_DIR),
        # The commands speak the site's language (Arabic by default): English for the checks.
        LANGUAGE_CODE="en",
    )
    return env


def _manage(*args, env, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_a_backup_completes_in_seconds_while_another_process_writes(evidence, media, tmp_path):
    """Before: the backup waited for ever (a backup from a connection holding the write lock
    that ``BEGIN IMMEDIATE`` takes is answered SQLITE_BUSY at every step). Now it takes one
    snapshot while the writer goes on, and the figures in the manifest are those of the copy."""
    live = _live_database(tmp_path)
    env = _demo_env(live, tmp_path)
    users_before = User.objects.count()
    stop = tmp_path / "stop-writing"
    writer = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", WRITER, str(stop)],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline(), writer.stderr.read()  # the first row is committed
        started = time.time()
        result = _manage("backup", "--into", str(tmp_path / "backups"), env=env)
        finished = time.time()
        time.sleep(0.3)  # and it goes on writing after the snapshot
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=60)
    assert result.returncode == 0, result.stderr
    assert finished - started < 30, f"the backup took {finished - started:.1f} s"
    commits = [float(line) for line in out.split()]
    assert writer.returncode == 0, err
    assert [t for t in commits if started < t < finished], "nothing was written during the backup"

    folder = Path(result.stdout.split("Backup written: ")[1].split()[0])
    manifest = json.loads((folder / MANIFEST).read_text())
    with sqlite3.connect(live) as reader:
        (users_after,) = reader.execute("SELECT count(*) FROM accounts_user").fetchone()
    assert users_before < manifest["evidence"]["records"]["users"] < users_after

    _empty_the_database()
    media("after")
    output = io.StringIO()
    call_command("restore", str(folder), stdout=output)
    assert "evidence figures identical" in output.getvalue()
    assert evidence_figures() == manifest["evidence"]


def test_a_backup_refuses_within_seconds_when_another_process_holds_the_database(
    evidence, tmp_path
):
    live = _live_database(tmp_path)
    holder = sqlite3.connect(live, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")  # readers are shut out too
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE django_migrations SET app = app")
    try:
        started = time.monotonic()
        result = _manage(
            "backup", "--into", str(tmp_path / "backups"), env=_demo_env(live, tmp_path)
        )
        elapsed = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode != 0
    assert "stayed locked by another process" in result.stderr
    assert elapsed < backup.SQLITE_WAIT_SECONDS + 15
    assert list((tmp_path / "backups").iterdir()) == []  # no half-written folder


def test_a_backup_refuses_inside_an_open_transaction(evidence, tmp_path):
    with (
        translation.override("en"),
        transaction.atomic(),
        pytest.raises(BackupError, match="inside an open transaction"),
    ):
        backup_create(into=tmp_path / "backups")
    assert list((tmp_path / "backups").iterdir()) == []
