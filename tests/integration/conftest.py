"""A real Celery worker process for the integration tests, on the test database and Redis.

These tests commit for real (``transaction=True``), so Django empties the tables after each
one; ``serialized_rollback=True`` on every test here restores what the migrations loaded
(territories, the Arabic home page) so the order the tests run in does not matter."""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from lms.worker import HEARTBEAT_CACHE_KEY

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


@pytest.fixture(scope="session")
def mail_dir():
    return Path(tempfile.mkdtemp(prefix="tamkeen-it-mail-"))


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, mail_dir):
    """Start ``celery -A lms worker`` against the test database; stop it after the session."""
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.fail("integration tests need DATABASE_URL (PostgreSQL) and REDIS_URL")
    with django_db_blocker.unblock():
        cache.clear()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.test",
            "CELERY_INTEGRATION": "1",
            "DATABASE_URL": _database_url(),
            # django-environ drops the path's first slash: four slashes give an absolute path.
            "EMAIL_URL": f"filemail:///{mail_dir}",
        }
        log = open(mail_dir.parent / f"{mail_dir.name}-worker.log", "w")  # noqa: SIM115
        process = subprocess.Popen(  # noqa: S603 - our own worker
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "lms",
                "worker",
                "--loglevel=INFO",
                "--concurrency=2",
                "--queues=default,email,pdf,exports",
                "--without-gossip",
                "--without-mingle",
                "--hostname=it@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while not cache.get(HEARTBEAT_CACHE_KEY):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log.close()
                pytest.fail("the Celery worker did not start; see " + log.name)
            time.sleep(0.2)
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def wait_for(predicate, timeout=30.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return predicate()
