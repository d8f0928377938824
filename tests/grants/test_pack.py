"""Evidence packs: built in the background into a ZIP whose manifest vouches for every file."""

import csv
import hashlib
import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.attendance.services import sheet_scan_upload
from grants.models import AuditLog, EvidencePack
from grants.packs import pseudonym
from grants.services.packs import evidence_pack_build, evidence_pack_request

from .evidence_data import build
from .helpers import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(agreement):
    data = build(agreement)
    upload = SimpleUploadedFile("sheet.pdf", PDF + b"scan-s1", content_type="application/pdf")
    sheet_scan_upload(session=data["s1"], file=upload, by=data["trainer"])
    return data


@pytest.fixture
def request_pack(django_capture_on_commit_callbacks):
    """Ask for a pack and run the task scheduled on commit (eager Celery in tests)."""

    def request(agreement, by):
        with django_capture_on_commit_callbacks(execute=True):
            pack = evidence_pack_request(agreement=agreement, by=by)
        pack.refresh_from_db()
        return pack

    return request


def _zip(pack) -> zipfile.ZipFile:
    pack.refresh_from_db()
    return zipfile.ZipFile(pack.file.open("rb"))


def _rows(archive, name):
    text = archive.read(name).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_pack_manifest_matches_every_file(
    request_pack, agreement, data, submitted_request, officer
):
    """Every member is listed in the manifest with its SHA-256 and size, and nothing else is."""
    pack = request_pack(agreement, officer)
    pack.refresh_from_db()
    assert pack.status == EvidencePack.Status.READY  # eager in tests
    assert pack.progress == 100
    archive = _zip(pack)
    manifest = json.loads(archive.read("manifest.json"))
    names = set(archive.namelist()) - {"manifest.json", "manifest.jws"}
    assert set(manifest["files"]) == names
    for name, entry in manifest["files"].items():
        content = archive.read(name)
        assert hashlib.sha256(content).hexdigest() == entry["sha256"]
        assert len(content) == entry["size"]
    assert {
        "summary.pdf",
        "live/sessions.csv",
        "live/attendance.csv",
        "live/certificates.csv",
    } <= names
    assert archive.read("summary.pdf").startswith(b"%PDF")
    assert any(n.startswith("live/scans/session-") for n in names)
    assert any("/documents/" in n for n in names)
    assert any("/receipts/" in n for n in names)
    assert manifest["evidence_fingerprint"] == pack.evidence_fingerprint
    with pack.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == pack.sha256


def test_pack_csv_contents(request_pack, agreement, data, officer):
    """Two held sessions; the certificate with its verification URL; officers get names."""
    archive = _zip(request_pack(agreement, officer))
    assert {int(r["session_id"]) for r in _rows(archive, "live/sessions.csv")} == {
        data["s1"].pk,
        data["s2"].pk,
    }
    certificates = _rows(archive, "live/certificates.csv")
    assert [c["code"] for c in certificates] == [data["certificate"].code]
    assert certificates[0]["verification_url"].endswith(f"/verify/{data['certificate'].code}/")
    attendance = _rows(archive, "live/attendance.csv")
    assert "name_latin" in attendance[0]


def test_finance_gets_pseudonymous_ids(request_pack, agreement, data, finance):
    """Finance may download the pack but not see names: HMAC ids instead."""
    archive = _zip(request_pack(agreement, finance))
    attendance = _rows(archive, "live/attendance.csv")
    assert "name_latin" not in attendance[0]
    learner = data["learners"][0]
    assert pseudonym(f"u{learner.pk}") in {r["person"] for r in attendance}
    assert str(learner.pk) not in {r["person"] for r in attendance}


def test_same_evidence_reuses_the_pack_and_a_change_rebuilds(
    request_pack, agreement, data, officer
):
    first = request_pack(agreement, officer)
    assert first.status == "ready", first.error
    assert request_pack(agreement, officer).pk == first.pk
    from courses.attendance.services import walk_in_add

    walk_in_add(session=data["s2"], by=data["trainer"], name_ar="زائر جديد")
    assert request_pack(agreement, officer).pk != first.pk


def test_building_twice_is_harmless(request_pack, agreement, data, officer):
    pack = request_pack(agreement, officer)
    pack.refresh_from_db()
    again = evidence_pack_build(pack_id=pack.pk)
    assert (again.sha256, again.file.name) == (pack.sha256, pack.file.name)


def test_outsiders_may_not_request(agreement, other_association_admin, citizen):
    for user in (other_association_admin, citizen):
        with pytest.raises(PermissionDenied):
            evidence_pack_request(agreement=agreement, by=user)


def test_pack_pages_and_download(
    django_capture_on_commit_callbacks, client, agreement, data, auditor, other_association_admin
):
    """The page shows progress; the download is permission-checked and logged."""
    client.force_login(auditor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("grants:pack_request", args=[agreement.pk]))
    pack = EvidencePack.objects.get()
    assert response.status_code == 302
    assert client.get(reverse("grants:pack_detail", args=[pack.pk])).status_code == 200
    response = client.get(reverse("grants:pack_download", args=[pack.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert AuditLog.objects.filter(action="evidence_pack.downloaded").exists()
    client.force_login(other_association_admin)
    assert client.get(reverse("grants:pack_download", args=[pack.pk])).status_code == 404


def test_pack_with_names_is_not_served_to_finance(
    request_pack, client, agreement, data, officer, finance
):
    pack = request_pack(agreement, officer)
    client.force_login(finance)
    assert client.get(reverse("grants:pack_download", args=[pack.pk])).status_code == 403


def test_task_is_routed_to_the_exports_queue(settings):
    assert settings.CELERY_TASK_ROUTES["grants.tasks.*"] == {"queue": "exports"}


def test_pending_pack_page_refreshes_with_a_progress_bar(client, agreement, officer):
    pack = EvidencePack.objects.create(
        agreement=agreement,
        requested_by=officer,
        evidence_fingerprint="0" * 64,
        status=EvidencePack.Status.BUILDING,
        progress=40,
    )
    client.force_login(officer)
    content = client.get(reverse("grants:pack_detail", args=[pack.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in content
    assert '<progress id="pack-progress" max="100" value="40">' in content
    assert client.get(reverse("grants:pack_download", args=[pack.pk])).status_code == 404


def test_a_failed_build_leaves_no_file(monkeypatch, agreement, data, officer, settings):
    """A build that breaks half-way is marked failed and leaves no partial ZIP behind."""
    from pathlib import Path

    from grants import packs

    def broken(**kwargs):
        raise RuntimeError("fonts missing")

    monkeypatch.setattr(packs, "summary_pdf", broken)
    pack = EvidencePack.objects.create(
        agreement=agreement, requested_by=officer, evidence_fingerprint="0" * 64
    )
    with pytest.raises(RuntimeError):
        evidence_pack_build(pack_id=pack.pk)
    pack.refresh_from_db()
    assert (pack.status, pack.file.name) == (EvidencePack.Status.FAILED, "")
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "grants" / "packs" / str(agreement.pk)
    assert not (folder / f"evidence-{agreement.reference}-{pack.pk}.zip").exists()
    assert not list(folder.glob(".pack-*.part"))
