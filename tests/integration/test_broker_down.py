"""Redis stopped for real: the broker and the cache are gone, yet pages render, people register
and check in, and every job the web code queued is kept in the outbox. Once Redis is back, the
drain publishes each kept job and the worker runs each exactly once.

The test stops and restarts this machine's Redis itself, under /tmp/services.lock so no other
fault test stops a service at the same time; Redis is always started again."""

import fcntl
import shlex
import signal
import subprocess
import time
from contextlib import contextmanager
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from certificates.models import Certificate
from courses.attendance import checkin
from courses.models import AttendanceRecord, SessionRegistration
from courses.services import registration_create
from organisations.models import Membership
from outbox.models import OutboxMessage
from outbox.services import drain
from tests.factories.accounts import UserFactory
from tests.factories.attendance import session_now
from tests.factories.certificates import CompletionRuleFactory
from tests.factories.learning import EnrollmentFactory, TrainingSessionFactory, course_with_lessons

from .conftest import wait_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LOCK = "/tmp/services.lock"  # noqa: S108 - the machine-wide lock every fault test takes


def _redis_port() -> int:
    url = urlparse(settings.REDIS_URL)
    if url.hostname not in ("127.0.0.1", "localhost", "::1"):
        pytest.skip("stopping Redis needs the local server (TEST_REDIS_URL points elsewhere)")
    return url.port or 6379


def _run(*command, check=False) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=check)  # noqa: S603
    return result.stdout.strip()


def _redis_answers(port: int) -> bool:
    return _run("redis-cli", "-h", "127.0.0.1", "-p", str(port), "ping") == "PONG"


# The command .ci/run starts Redis with.
REDIS_START = (
    "redis-server --daemonize yes --bind 127.0.0.1 -::1 --port {port} --save '' "
    "--appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log"
)


def _exit_on_sigterm(signum, frame):
    raise SystemExit(f"terminated by signal {signum}")  # so the finally below restarts Redis


@contextmanager
def redis_stopped():
    port = _redis_port()
    with open(LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
        try:
            _run("redis-cli", "-h", "127.0.0.1", "-p", str(port), "shutdown", "nosave")
            assert wait_for(lambda: not _redis_answers(port), timeout=10), "Redis did not stop"
            yield
        finally:
            if not _redis_answers(port):
                _run(*shlex.split(REDIS_START.format(port=port)), check=True)
            signal.signal(signal.SIGTERM, previous)
            assert wait_for(lambda: _redis_answers(port), timeout=20), "Redis did not restart"


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_with_redis_stopped_people_keep_working_and_every_job_runs_once_it_is_back(
    client, celery_worker_process, mail_dir, trainer_association, association_admin
):
    # A full session (someone holds the seat), a session open for check-in, and a course whose
    # certificate is earned by finishing its one lesson.
    full = TrainingSessionFactory(association=trainer_association, capacity=1)
    holder, waiting, student = UserFactory(), UserFactory(), UserFactory()
    seat = registration_create(session=full, learner=holder, by=holder)
    room = session_now(association=trainer_association)
    course, (lesson,) = course_with_lessons(association=trainer_association, lessons=1)
    CompletionRuleFactory(course=course, require_all_lessons=True)
    EnrollmentFactory(course=course, learner=student)
    invitee = "it-broker-down@example.org"

    with redis_stopped():
        slowest = 0.0

        response, took = _timed(lambda: client.get(reverse("courses:session_list")))
        assert response.status_code == 200
        slowest = max(slowest, took)

        client.force_login(waiting)
        response, took = _timed(
            lambda: client.post(reverse("courses:session_register", args=[full.pk]))
        )
        assert response.status_code == 302
        slowest = max(slowest, took)
        assert SessionRegistration.objects.get(session=full, learner=waiting).status == (
            SessionRegistration.Status.WAITLISTED
        )

        client.force_login(holder)
        code = checkin.code_make(session_id=room.pk)
        response, took = _timed(lambda: client.post(reverse("attendance:check_in"), {"code": code}))
        assert response.status_code == 200
        slowest = max(slowest, took)
        assert AttendanceRecord.objects.filter(session=room, learner=holder).count() == 1

        # The holder gives up the seat: the waiting person gets it and an e-mail (queued).
        response, took = _timed(
            lambda: client.post(reverse("courses:registration_cancel", args=[seat.pk]))
        )
        assert response.status_code == 302
        slowest = max(slowest, took)

        client.force_login(student)
        response, took = _timed(
            lambda: client.post(reverse("courses:lesson_done", args=[lesson.pk]))
        )
        assert response.status_code == 302
        slowest = max(slowest, took)

        client.force_login(association_admin)
        response, took = _timed(
            lambda: client.post(
                reverse("organisations:people", args=[trainer_association.pk]),
                {"email": invitee, "role": Membership.Role.TRAINER},
            )
        )
        assert response.status_code == 302
        slowest = max(slowest, took)

        with override_settings(HEALTH_TOKEN="integration-health-token"):  # for the details
            response = client.get(
                "/health/", headers={"X-Health-Token": "integration-health-token"}
            )
        assert response.status_code == 503
        body = response.json()
        assert body["broker"]["ok"] is False
        assert body["outbox"]["pending"] == 3

        # No request waited on the missing broker or cache for long.
        assert slowest < 8, slowest
        kept = list(OutboxMessage.objects.filter(sent_at__isnull=True))
        assert sorted(m.task_name for m in kept) == [
            "accounts.tasks.send_email",
            "accounts.tasks.send_email",
            "certificates.tasks.issue_certificate",
        ]
        assert not Certificate.objects.exists()

    # Redis is back. Beat would run the drain every 30 s; the test runs it until the outbox is
    # empty (the first publish may meet a connection the outage closed).
    def drained():
        drain()
        return not OutboxMessage.objects.filter(sent_at__isnull=True).exists()

    assert wait_for(drained, timeout=60, interval=1), "the outbox did not drain"

    def mails_to(address):
        return [p for p in mail_dir.iterdir() if address in p.read_text(errors="replace")]

    assert wait_for(lambda: mails_to(invitee), timeout=90), "the invitation was never sent"
    assert wait_for(lambda: mails_to(waiting.email), timeout=90), "the promotion was never sent"
    assert wait_for(
        lambda: Certificate.objects.filter(learner=student, course=course).exists(), timeout=120
    ), "the certificate was never issued"

    log = mail_dir.parent / f"{mail_dir.name}-worker.log"

    def runs(message) -> int:
        return log.read_text(errors="replace").count(f"[{message.task_id}] succeeded")

    assert wait_for(lambda: all(runs(m) for m in kept), timeout=120)
    time.sleep(3)  # a second delivery would show by now
    assert [runs(m) for m in kept] == [1, 1, 1]
    assert len(mails_to(invitee)) == 1
    assert len(mails_to(waiting.email)) == 1
    assert Certificate.objects.filter(learner=student).count() == 1


def test_concurrent_drains_publish_each_kept_job_once(monkeypatch):
    """Beat's drain, a worker's start-up drain and the web's own publish may meet on the same
    rows: PostgreSQL's row locks (SKIP LOCKED) give each row to one of them."""
    import threading

    from django.db import connections

    from outbox import services

    kept = [
        OutboxMessage.objects.create(task_name="outbox.tasks.drain", kwargs={"n": n})
        for n in range(30)
    ]
    published, guard = [], threading.Lock()

    def slow_send(message):
        time.sleep(0.02)  # widen the window between reading a row and marking it sent
        with guard:
            published.append(message.pk)

    monkeypatch.setattr(services, "_send", slow_send)
    barrier = threading.Barrier(3)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            drain()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(published) == sorted(m.pk for m in kept)
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
