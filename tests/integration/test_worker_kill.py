"""A worker killed with SIGKILL in the middle of a task: tasks are acknowledged late, so the
message goes back to the broker (at once when only the pool process dies, after the visibility
timeout when the whole worker dies) and the next worker redoes it. Each task is idempotent and
writes its files whole under one name, so the end state is exactly one certificate with one
PDF, one e-mail, one evidence pack file, and no half-written file."""

import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import uuid
import zipfile
from pathlib import Path

import pytest
from django.db import connection

from accounts.tasks import send_email
from certificates.models import Certificate
from certificates.tasks import issue_certificate
from grants.models import EvidencePack
from grants.tasks import build_evidence_pack
from tests.factories.accounts import UserFactory
from tests.factories.certificates import eligible_enrollment
from tests.factories.grants import AgreementFactory

from .conftest import ROOT, _database_url, wait_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

QUEUE = "it-worker-kill"  # no other worker listens here
VISIBILITY_TIMEOUT = 8  # seconds; longer than any task below takes


@pytest.fixture
def scene():
    """Folders shared with the workers: fault markers, private files, e-mails."""
    base = Path(tempfile.mkdtemp(prefix="tamkeen-it-kill-"))
    folders = {name: base / name for name in ("faults", "private", "mail")}
    for folder in folders.values():
        folder.mkdir()
    workers = []
    folders["workers"] = workers
    yield folders
    for process in workers:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def start_worker(scene, name: str, points: str = "") -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.integration.worker_settings",
        "CELERY_INTEGRATION": "1",
        "DATABASE_URL": _database_url(),
        "EMAIL_URL": f"filemail:///{scene['mail']}",
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "TAMKEEN_FAULT_FAST_RESTORE": "1",
        "TAMKEEN_FAULT_POINTS": points,
        "TAMKEEN_FAULT_DIR": str(scene["faults"]),
        "TAMKEEN_IT_PRIVATE_ROOT": str(scene["private"]),
    }
    log = open(scene["faults"].parent / f"{name}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603 - our own worker
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tests.integration.fault_worker",
            "worker",
            "--loglevel=INFO",
            "--concurrency=3",
            f"--queues={QUEUE}",
            "--without-gossip",
            "--without-mingle",
            f"--hostname={name}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: killpg takes the pool with it
    )
    scene["workers"].append(process)
    return process


def hold(scene) -> None:
    (scene["faults"] / "hold").write_text("")


def reached(scene, count: int) -> list[int]:
    """The pids of the pool processes stopped at the first ``count`` fault points."""
    markers = [scene["faults"] / f"reached-{index}" for index in range(count)]
    ok = wait_for(lambda: all(m.exists() and m.read_text() for m in markers), timeout=120)
    assert ok, "the worker never reached its fault points; see " + str(scene["faults"].parent)
    return [int(m.read_text()) for m in markers]


def kill_worker(process) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def mails_with(scene, marker: str) -> list[Path]:
    return [p for p in scene["mail"].iterdir() if marker in p.read_text(errors="replace")]


def _pack(agreement) -> EvidencePack:
    return EvidencePack.objects.create(
        agreement=agreement, requested_by=UserFactory(), evidence_fingerprint="it"
    )


def _need_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs the integration stack")


def test_whole_worker_killed_mid_task_then_a_new_worker_redoes_each_task_once(scene):
    """Worker A dies (SIGKILL to its whole process group) with a certificate whose PDF is on
    disk but not yet committed, an e-mail about to be sent and an evidence pack half built;
    worker B, started afterwards, finishes each exactly once."""
    _need_postgresql()
    enrollment = eligible_enrollment()
    agreement = AgreementFactory()
    pack = _pack(agreement)
    subject = f"IT kill {uuid.uuid4().hex}"
    hold(scene)
    issue_certificate.apply_async(args=[enrollment.pk], queue=QUEUE)
    send_email.apply_async(
        kwargs={"subject": subject, "body": "body", "to": ["it@example.org"]}, queue=QUEUE
    )
    build_evidence_pack.apply_async(args=[pack.pk], queue=QUEUE)
    worker_a = start_worker(
        scene,
        "kill-a",
        points=",".join(
            [
                "certificates.services:save_replacing:after",
                "accounts.tasks:EmailMultiAlternatives:before",
                "grants.packs:manifest_bytes:before",
            ]
        ),
    )
    reached(scene, 3)

    # Mid-task, as the kill finds it: the PDF file is written but the row does not name it;
    # no e-mail yet; the pack is building into a hidden temporary file.
    certificate = Certificate.objects.get(learner=enrollment.learner)
    assert certificate.pdf_sha256 == ""
    pdf_folder = scene["private"] / "certificates" / str(enrollment.course_id)
    assert listing(pdf_folder) == [f"{certificate.code}.pdf"]
    assert mails_with(scene, subject) == []
    pack_folder = scene["private"] / "grants" / "packs" / str(agreement.pk)
    assert [n for n in listing(pack_folder) if n.endswith(".part")], listing(pack_folder)
    assert EvidencePack.objects.get(pk=pack.pk).status == EvidencePack.Status.BUILDING

    kill_worker(worker_a)
    start_worker(scene, "kill-b")

    def done():
        certificate = Certificate.objects.filter(learner=enrollment.learner).first()
        pack_now = EvidencePack.objects.get(pk=pack.pk)
        return (
            certificate
            and certificate.pdf_sha256
            and pack_now.status == EvidencePack.Status.READY
            and mails_with(scene, subject)
        )

    assert wait_for(done, timeout=120), "worker B did not redo the tasks"

    certificates = list(Certificate.objects.filter(learner=enrollment.learner))
    assert len(certificates) == 1
    certificate = certificates[0]
    assert listing(pdf_folder) == [f"{certificate.code}.pdf"]
    assert sha256(pdf_folder / f"{certificate.code}.pdf") == certificate.pdf_sha256
    assert certificate.credential_jwt

    assert len(mails_with(scene, subject)) == 1

    pack.refresh_from_db()
    name = Path(pack.file.name).name
    assert listing(pack_folder) == [name]  # the killed build's temporary file is gone
    assert sha256(pack_folder / name) == pack.sha256
    with zipfile.ZipFile(pack_folder / name) as archive:
        assert archive.testzip() is None
        assert "manifest.json" in archive.namelist()


def test_worker_killed_after_the_task_ran_but_before_the_ack_changes_nothing_on_redo(scene):
    """The task body finished (certificate issued, e-mail sent) and the worker died before
    acknowledging: the redelivered message finds the work done and does not repeat it."""
    _need_postgresql()
    enrollment = eligible_enrollment()
    subject = f"IT ack {uuid.uuid4().hex}"
    hold(scene)
    issue_certificate.apply_async(args=[enrollment.pk], queue=QUEUE)
    send_email.apply_async(
        kwargs={"subject": subject, "body": "body", "to": ["it@example.org"]}, queue=QUEUE
    )
    # Two "postrun" points: each task stops at the first one still free, once it has run.
    worker_a = start_worker(scene, "ack-a", points="postrun,postrun")
    reached(scene, 2)
    assert mails_with(scene, subject)
    first = Certificate.objects.get(learner=enrollment.learner)
    pdf_folder = scene["private"] / "certificates" / str(enrollment.course_id)
    kill_worker(worker_a)
    start_worker(scene, "ack-b")

    # Wait until worker B has taken both messages back and run them (the redo leaves no trace
    # on the certificate or the mail box, so look at B's log).
    log = scene["faults"].parent / "ack-b.log"
    assert wait_for(lambda: log.read_text().count("succeeded in") >= 2, timeout=120), (
        log.read_text()
    )
    assert Certificate.objects.filter(learner=enrollment.learner).count() == 1
    again = Certificate.objects.get(learner=enrollment.learner)
    assert (again.pk, again.pdf_sha256) == (first.pk, first.pdf_sha256)
    assert listing(pdf_folder) == [f"{first.code}.pdf"]
    assert len(mails_with(scene, subject)) == 1


def test_pool_process_killed_mid_pack_is_requeued_at_once(scene):
    """Only the pool process dies (the OOM killer's choice): reject_on_worker_lost puts the
    message back at once and the same worker builds the pack, one file, no leftover."""
    _need_postgresql()
    agreement = AgreementFactory()
    pack = _pack(agreement)
    hold(scene)
    build_evidence_pack.apply_async(args=[pack.pk], queue=QUEUE)
    start_worker(scene, "pool", points="grants.packs:manifest_bytes:before")
    (pid,) = reached(scene, 1)
    os.kill(pid, signal.SIGKILL)
    assert wait_for(
        lambda: EvidencePack.objects.get(pk=pack.pk).status == EvidencePack.Status.READY,
        timeout=120,
    )
    pack.refresh_from_db()
    pack_folder = scene["private"] / "grants" / "packs" / str(agreement.pk)
    assert listing(pack_folder) == [Path(pack.file.name).name]
    assert sha256(pack_folder / Path(pack.file.name).name) == pack.sha256
