"""PostgreSQL restarts under a running site: gunicorn and the Celery worker reconnect by
themselves, and while the database is down a request gets the 503 "please try again" page.

The PostgreSQL server is shared with the other people working on this machine: it is
stopped only while holding /tmp/services.lock, and always started again."""

import contextlib
import fcntl
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection, connections

from certificates.models import Certificate
from certificates.tasks import issue_certificate
from lms.dberrors import RETRY_AFTER_SECONDS
from tests.factories.certificates import eligible_enrollment

from .conftest import ROOT, _database_url, wait_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SERVICES_LOCK = "/tmp/services.lock"  # noqa: S108 - the machine's agreed lock file


def _cluster(action: str) -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(  # noqa: S603
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action],  # noqa: S607
        check=True,
        timeout=120,
    )


@contextlib.contextmanager
def services_lock():
    with open(SERVICES_LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def postgresql_stopped():
    """Stop PostgreSQL for the body of the block, then start it whatever happens."""
    with services_lock():
        _cluster("stop")
        try:
            yield
        finally:
            _cluster("start")
    connections.close_all()  # this process's own connection died with the server


def _free_port() -> int:
    for port in range(8600, 8700):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 8600-8699")


def get(url: str):
    """(status, headers, body) without raising on 5xx."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our server
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.fixture
def live_gunicorn(tmp_path):
    """gunicorn with one worker keeping its database connection (CONN_MAX_AGE=60), as in
    production, on the test database."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "CELERY_INTEGRATION": "1",
        "DATABASE_URL": _database_url(),
        "CONN_MAX_AGE": "60",
    }
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603 - our own server
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "lms.wsgi",
            "--workers=1",
            f"--bind=127.0.0.1:{port}",
            "--timeout=60",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"

    def up():
        with contextlib.suppress(OSError):
            return get(base + "/ar/")[0] == 200
        return False

    if not wait_for(up, timeout=60, interval=0.5):
        process.kill()
        pytest.fail("gunicorn did not start; see " + log.name)
    yield base
    process.terminate()
    process.wait(timeout=20)
    log.close()


def test_web_and_worker_reconnect_after_postgresql_restarts(live_gunicorn, celery_worker_process):
    if connection.vendor != "postgresql":
        pytest.skip("needs the integration stack")
    home = live_gunicorn + "/ar/"
    assert get(home)[0] == 200
    assert get(home)[0] == 200  # the same persistent connection, reused
    before = eligible_enrollment()
    issue_certificate.delay(before.pk)
    assert wait_for(lambda: Certificate.objects.filter(learner=before.learner).exists(), 120)

    with services_lock():
        _cluster("restart")
    connections.close_all()
    time.sleep(1)

    # The first request after the restart already succeeds: the dead connection is found by
    # the health check (CONN_HEALTH_CHECKS) and replaced before the page is built.
    status, _headers, body = get(home)
    assert status == 200, body[:500]
    after = eligible_enrollment()
    issue_certificate.delay(after.pk)
    assert wait_for(lambda: Certificate.objects.filter(learner=after.learner).exists(), 120), (
        "the worker did not process a task after the restart"
    )


def test_while_postgresql_is_down_pages_answer_503_then_recover(live_gunicorn):
    if connection.vendor != "postgresql":
        pytest.skip("needs the integration stack")
    home = live_gunicorn + "/fr/"
    assert get(live_gunicorn + "/ar/")[0] == 200
    with postgresql_stopped():
        status, headers, body = get(home)
        health = get(live_gunicorn + "/health/")
    assert status == 503, body[:500]
    assert headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert '<html lang="fr"' in body
    assert health[0] == 503
    assert wait_for(lambda: get(live_gunicorn + "/ar/")[0] == 200, timeout=30)
