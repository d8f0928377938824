"""The signed evidence pack and its standalone verifier: a fresh pack built by the real task
verifies; one byte changed, a file removed or added, a manifest signed by another key, a
snapshot rewritten, a chain link broken or a sample redrawn differently fail, each naming
what failed; ``bin/verify-pack`` and ``manage.py verify_pack`` exit 0 and 1 accordingly."""

import csv
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from certificates.signing import b64url, published_jwks
from courses.attendance.services import sheet_scan_upload
from grants import services
from grants.services.packs import evidence_pack_request
from grants.signature import detached_jws
from grants.verifier import detached_verify, draw, verify_pack

from .evidence_data import build
from .helpers import PDF, fill_request, passing_checklist

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
FOLDER = "requests/2-v1"


@pytest.fixture
def data(agreement):
    data = build(agreement)
    upload = SimpleUploadedFile("sheet.pdf", PDF + b"scan-s1", content_type="application/pdf")
    sheet_scan_upload(session=data["s1"], file=upload, by=data["trainer"])
    return data


@pytest.fixture
def built(django_capture_on_commit_callbacks, tmp_path):
    """Ask for a pack as ``by``, run the real task (on commit, eager Celery), and return the
    ZIP's path."""

    def build_pack(agreement, by) -> Path:
        with django_capture_on_commit_callbacks(execute=True):
            pack = evidence_pack_request(agreement=agreement, by=by)
        pack.refresh_from_db()
        assert pack.status == "ready", pack.error
        path = tmp_path / f"pack-{pack.pk}.zip"
        with pack.file.open("rb") as handle:
            path.write_bytes(handle.read())
        return path

    return build_pack


@pytest.fixture
def pack(built, agreement, data, submitted_request, officer):
    return built(agreement, officer)


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def _resign(members: dict[str, bytes], *, sign=detached_jws, **manifest_changes) -> None:
    """Recompute the manifest's entries for the files as they are now and sign it again (with
    the platform's key unless ``sign`` says otherwise), as someone holding that key would."""
    manifest = json.loads(members["manifest.json"])
    manifest.update(manifest_changes)
    for name in manifest["files"]:
        if name in members:
            content = members[name]
            manifest["files"][name] = {
                "sha256": hashlib.sha256(content).hexdigest(),
                "size": len(content),
            }
    raw = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True).encode()
    members["manifest.json"] = raw
    members["manifest.jws"] = sign(raw).encode()


def _foreign_signature(payload: bytes) -> str:
    """A detached JWS by an Ed25519 key the platform never published."""
    key = Ed25519PrivateKey.generate()
    header = b64url(json.dumps({"alg": "EdDSA", "kid": "https://evil.example/keys/x"}).encode())
    signature = key.sign(f"{header}.{b64url(payload)}".encode())
    return f"{header}..{b64url(signature)}"


def _failures(report) -> list[str]:
    return [f"{c.check}: {c.message}" for c in report.failures]


def _verify(path: Path):
    return verify_pack(path, jwks=published_jwks())


def test_a_fresh_pack_verifies(pack, submitted_request):
    report = _verify(pack)
    assert report.ok, _failures(report)
    checks = {c.check for c in report}
    assert {"manifest signature", "files", f"snapshot {FOLDER}", "chains"} <= checks
    assert f"snapshot signature {FOLDER}" in checks
    assert "VERIFIED" in report.text()


def test_the_pack_carries_the_frozen_snapshot_and_the_decision_trail(pack, submitted_request):
    members = _members(pack)
    submitted_request.refresh_from_db()
    snapshot = members[f"{FOLDER}/snapshot.json"]
    assert hashlib.sha256(snapshot).hexdigest() == submitted_request.evidence_sha256
    assert members[f"{FOLDER}/snapshot.jws"].decode() == submitted_request.evidence_signature
    for name in ("differences.json", "checklist.json", "reviews.json", "finance_checks.json"):
        json.loads(members[f"{FOLDER}/{name}"])
    for name in ("payments.json", "chain_heads.json", "audit.csv", "chains.csv"):
        assert name in members
    payments = json.loads(members["payments.json"])
    assert [(p["tranche"], p["reference"]) for p in payments] == [(1, "VIR-1")]
    assert "tranche_request.submitted" in members["audit.csv"].decode("utf-8-sig")
    differences = json.loads(members[f"{FOLDER}/differences.json"])
    assert differences["frozen_sha256"] == submitted_request.evidence_sha256
    assert {"figure", "frozen", "live", "changed"} <= set(differences["figures"][0])
    manifest = json.loads(members["manifest.json"])
    assert (
        manifest["platform"]
        and manifest["agreement"] == submitted_request.tranche.agreement.reference
    )
    assert [r["folder"] for r in manifest["requests"]] == [FOLDER]
    assert set(manifest["files"]) == set(members) - {"manifest.json", "manifest.jws"}


def test_the_review_checklist_with_overrides_is_in_the_pack(
    built, agreement, data, submitted_request, officer, finance
):
    services.tranche_request_review(
        request=submitted_request,
        by=officer,
        checklist=passing_checklist(agreement.programme),
        decision="approve",
    )
    members = _members(built(agreement, finance))
    (entry,) = json.loads(members[f"{FOLDER}/checklist.json"])
    assert entry["decision"] == "approve" and entry["checklist"]
    (review,) = json.loads(members[f"{FOLDER}/reviews.json"])
    # Finance's pack carries no names: the officer is a pseudonym, with the role.
    assert officer.display_name not in json.dumps(review, ensure_ascii=False)
    assert review["reviewer_role"] == "programme_officer"


def test_shares_are_percentages_in_the_csv(pack):
    sessions = list(
        csv.DictReader(io.StringIO(_members(pack)["live/sessions.csv"].decode("utf-8-sig")))
    )
    assert all(row["rate"].endswith("%") for row in sessions if row["rate"])


def test_one_byte_changed_names_the_file(pack, tmp_path):
    members = _members(pack)
    content = bytearray(members["live/attendance.csv"])
    content[-2] ^= 1
    members["live/attendance.csv"] = bytes(content)
    report = _verify(_write(tmp_path / "tampered.zip", members))
    assert not report.ok
    assert _failures(report) == [
        "files: live/attendance.csv differs from the manifest (SHA-256 or size)."
    ]
    assert "NOT VERIFIED" in report.text()


def test_a_removed_file_is_named(pack, tmp_path):
    members = _members(pack)
    del members["live/certificates.csv"]
    report = _verify(_write(tmp_path / "removed.zip", members))
    assert _failures(report) == [
        "files: live/certificates.csv is listed in the manifest but missing."
    ]


def test_an_extra_file_is_named(pack, tmp_path):
    members = _members(pack)
    members["live/extra.csv"] = b"person\n"
    report = _verify(_write(tmp_path / "extra.zip", members))
    assert _failures(report) == [
        "files: live/extra.csv is in the pack but not listed in the manifest."
    ]


def test_a_manifest_signed_by_another_key_is_refused(pack, tmp_path):
    members = _members(pack)
    members["live/attendance.csv"] += b"1,forged,account,present,roll_call,,no\r\n"
    _resign(members, sign=_foreign_signature)
    report = _verify(_write(tmp_path / "foreign.zip", members))
    assert not report.ok
    (failure,) = report.failures
    assert failure.check == "manifest signature"
    assert "signed by an unknown key" in failure.message
    assert "evil.example" in failure.message


def test_a_manifest_with_a_bad_signature_is_named(pack, tmp_path):
    members = _members(pack)
    members["manifest.json"] = members["manifest.json"].replace(b'"with_names"', b'"with_Names"')
    report = _verify(_write(tmp_path / "bad.zip", members))
    assert [c.check for c in report.failures] == ["manifest signature"]
    assert "bad signature" in report.failures[0].message


def test_a_rewritten_snapshot_fails_its_own_signature(pack, tmp_path):
    """Whoever holds the platform key can sign a new manifest, but the snapshot was signed at
    submission: rewriting it (and its SHA-256 everywhere) breaks that signature."""
    members = _members(pack)
    name = f"{FOLDER}/snapshot.json"
    snapshot = json.loads(members[name])
    snapshot["figures"]["beneficiaries"] = 160
    members[name] = json.dumps(
        snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()
    manifest = json.loads(members["manifest.json"])
    requests = manifest["requests"]
    requests[0]["evidence_sha256"] = hashlib.sha256(members[name]).hexdigest()
    _resign(members, requests=requests)
    report = _verify(_write(tmp_path / "snapshot.zip", members))
    assert [c.check for c in report.failures] == [f"snapshot signature {FOLDER}"]
    assert f"{FOLDER}/snapshot.json" in report.failures[0].message
    assert "bad signature" in report.failures[0].message


def test_a_snapshot_that_no_longer_matches_its_frozen_hash_is_named(pack, tmp_path):
    members = _members(pack)
    name = f"{FOLDER}/snapshot.json"
    members[name] = members[name].replace(b'"agreement":', b'"agreement" :', 1)
    _resign(members)
    report = _verify(_write(tmp_path / "hash.zip", members))
    checks = [c.check for c in report.failures]
    assert checks == [f"snapshot {FOLDER}", f"snapshot signature {FOLDER}"]


def test_a_broken_chain_link_is_named(pack, tmp_path):
    members = _members(pack)
    rows = list(csv.reader(io.StringIO(members["chains.csv"].decode("utf-8-sig"))))
    header, links = rows[0], rows[1:]
    victim = links[1]
    assert victim[0] == links[0][0]  # the second link of the first session
    victim[header.index("previous_hash")] = "0" * 64
    out = io.StringIO()
    csv.writer(out).writerows([header, *links])
    members["chains.csv"] = out.getvalue().encode()
    _resign(members)
    report = _verify(_write(tmp_path / "chain.zip", members))
    (failure,) = report.failures
    assert failure.check == "chains"
    assert f"Session {victim[0]}" in failure.message
    assert f"broken at record {victim[1]}" in failure.message


def test_a_deleted_last_link_misses_the_frozen_head(pack, tmp_path):
    """Dropping the last record of a session (and recomputing its live head) leaves a
    continuous chain that no longer reaches the head frozen in the signed snapshot."""
    members = _members(pack)
    rows = list(csv.reader(io.StringIO(members["chains.csv"].decode("utf-8-sig"))))
    header, links = rows[0], rows[1:]
    session = links[0][0]
    last = max(i for i, link in enumerate(links) if link[0] == session)
    del links[last]
    out = io.StringIO()
    csv.writer(out).writerows([header, *links])
    members["chains.csv"] = out.getvalue().encode()
    heads = json.loads(members["chain_heads.json"])
    kept = [link for link in links if link[0] == session]
    heads[session] = {"head": kept[-1][4], "records": len(kept)}
    members["chain_heads.json"] = json.dumps(heads).encode()
    _resign(members)
    report = _verify(_write(tmp_path / "deleted.zip", members))
    (failure,) = report.failures
    assert failure.check == f"chain heads {FOLDER}"
    assert f"Session {session}" in failure.message


def test_the_sample_redraws_from_the_frozen_snapshot(
    built, agreement, data, submitted_request, officer, tmp_path
):
    from grants.services.sampling import sample_draw

    sample, created = sample_draw(request=submitted_request, by=officer)
    assert created
    path = built(agreement, officer)
    members = _members(path)
    document = json.loads(members[f"{FOLDER}/sample.json"])
    snapshot = json.loads(members[f"{FOLDER}/snapshot.json"])
    assert document["members"] == draw(
        seed=document["seed"],
        beneficiaries=snapshot["beneficiaries"],
        share=document["rule"]["share"],
        minimum=document["rule"]["minimum"],
    )
    report = _verify(path)
    assert report.ok, _failures(report)
    assert any(c.check == f"sample {FOLDER}" and c.ok for c in report)
    # A different seed (someone choosing who is called) no longer redraws the members.
    document["seed"] = "0" * 32
    members[f"{FOLDER}/sample.json"] = json.dumps(document).encode()
    _resign(members)
    report = _verify(_write(tmp_path / "sample.zip", members))
    assert [c.check for c in report.failures] == [f"sample {FOLDER}"]


def test_an_unsigned_pack_fails(pack, tmp_path):
    members = _members(pack)
    del members["manifest.jws"]
    report = _verify(_write(tmp_path / "unsigned.zip", members))
    assert [c.check for c in report.failures] == ["manifest signature"]


def test_not_a_zip_is_reported(tmp_path):
    path = tmp_path / "pack.zip"
    path.write_bytes(b"not a zip")
    report = verify_pack(path, jwks={"keys": []})
    assert not report.ok and report.failures[0].check == "pack"


def test_a_header_cannot_choose_the_algorithm(pack):
    members = _members(pack)
    token = members["manifest.jws"].decode()
    header = json.loads(__import__("base64").urlsafe_b64decode(token.split(".")[0] + "=="))
    forged = b64url(json.dumps({**header, "alg": "none"}).encode()) + ".." + token.split(".")[2]
    from grants.verifier import SignatureError

    with pytest.raises(SignatureError) as raised:
        detached_verify(forged, members["manifest.json"], jwks=published_jwks())
    assert raised.value.code == "bad_signature"


def _script(*args) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own script, the test's own arguments)
        [sys.executable, str(ROOT / "bin" / "verify-pack"), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd="/",
    )


def test_the_script_needs_no_django_and_exits_0_then_1(pack, tmp_path):
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps(published_jwks()))
    good = _script(pack, "--jwks", jwks)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "VERIFIED" in good.stdout
    members = _members(pack)
    members["live/attendance.csv"] = members["live/attendance.csv"].replace(
        b"present", b"absent", 1
    )
    bad = _script(_write(tmp_path / "bad.zip", members), "--jwks", jwks)
    assert bad.returncode == 1
    assert "live/attendance.csv differs from the manifest" in bad.stdout
    assert "NOT VERIFIED" in bad.stdout


def test_the_script_without_keys_says_what_to_do(pack):
    """The test platform's key URL is not https: the script refuses to fetch it and says how
    to verify offline."""
    result = _script(pack)
    assert result.returncode == 1
    assert "--jwks" in result.stderr


def test_the_script_does_not_import_django():
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r}); import grants.verifier; "
        "assert 'django' not in sys.modules, 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60, cwd="/")  # noqa: S603


def test_the_management_command_verifies_with_the_platform_keys(pack, tmp_path, capsys):
    call_command("verify_pack", str(pack))
    out = capsys.readouterr().out
    assert "VERIFIED" in out and "live chains: ok" in out
    members = _members(pack)
    del members["live/sessions.csv"]
    with pytest.raises(SystemExit) as raised:
        call_command("verify_pack", str(_write(tmp_path / "bad.zip", members)))
    assert raised.value.code == 1
    assert "live/sessions.csv is listed in the manifest but missing" in capsys.readouterr().err


def test_the_management_command_recomputes_the_live_chains(pack, data, capsys):
    """A record rewritten in the database after the pack was built: the pack still verifies
    alone, the live check names the record."""
    from courses.models import AttendanceRecord

    record = AttendanceRecord.objects.filter(session=data["s1"]).order_by("pk").first()
    # Past the append-only guard, as a database writer would.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AttendanceRecord._meta.db_table} SET status = %s WHERE id = %s",  # noqa: S608
            ["absent", record.pk],
        )
    with pytest.raises(SystemExit):
        call_command("verify_pack", str(pack))
    err = capsys.readouterr().err
    assert f"live chains: Session {data['s1'].pk}: broken at record {record.pk}" in err


def test_every_request_version_has_its_folder(
    built, agreement, data, submitted_request, officer, association_admin
):
    from .helpers import judgements_only

    services.tranche_request_review(
        request=submitted_request,
        by=officer,
        checklist=judgements_only(),
        decision="request_changes",
        comment="Add the sheets.",
    )
    second = services.tranche_request_create(
        tranche=submitted_request.tranche, by=association_admin
    )
    fill_request(second, association_admin)
    services.tranche_request_submit(request=second, by=association_admin)
    assert second.version == 2
    path = built(agreement, officer)
    report = _verify(path)
    assert report.ok, _failures(report)
    names = set(_members(path))
    assert {f"{FOLDER}/snapshot.json", "requests/2-v2/snapshot.json"} <= names


def test_a_decision_after_a_pack_builds_a_new_pack(
    django_capture_on_commit_callbacks, agreement, data, submitted_request, officer
):
    """The pack carries the decision trail: a review recorded since the last pack is not
    served the old pack (the live figures alone have not changed)."""
    with django_capture_on_commit_callbacks(execute=True):
        first = evidence_pack_request(agreement=agreement, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        assert evidence_pack_request(agreement=agreement, by=officer).pk == first.pk
    services.tranche_request_review(
        request=submitted_request,
        by=officer,
        checklist=passing_checklist(agreement.programme),
        decision="approve",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert evidence_pack_request(agreement=agreement, by=officer).pk != first.pk


def test_a_byte_changed_inside_the_zip_itself_is_named(pack, tmp_path):
    """One byte flipped in the ZIP file (not rewritten by a ZIP tool): the member's own CRC
    fails, and the verifier names it instead of crashing."""
    with zipfile.ZipFile(pack) as archive:
        info = archive.getinfo("live/attendance.csv")
    raw = bytearray(pack.read_bytes())
    header = info.header_offset  # the local header: its own name and extra field lengths
    start = header + 30 + int.from_bytes(raw[header + 26 : header + 28], "little")
    start += int.from_bytes(raw[header + 28 : header + 30], "little")
    raw[start + info.compress_size // 2] ^= 0xFF
    path = tmp_path / "flipped.zip"
    path.write_bytes(bytes(raw))
    report = _verify(path)
    assert not report.ok
    assert any("live/attendance.csv" in c.message for c in report.failures)
