"""``manage.py backup`` and ``manage.py restore`` on SQLite: a backup restores into an empty
database with intact attendance chains and identical evidence figures, and a backup that does
not match its manifest is refused before anything is touched."""

import hashlib
import io
import json

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from certificates.models import Certificate
from courses.models import AttendanceRecord
from lms.backup import MANIFEST, backup_create, evidence_figures
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
