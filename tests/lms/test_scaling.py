"""What running on several machines relies on: production caches and persistent connections,
Celery queues that keep slow work apart from e-mail, and the gunicorn settings."""

import json
import multiprocessing
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "k" * 30 + "Zx9-q_Lm2PvR8sTu4WyB6nDf1HjK3",
    "ALLOWED_HOSTS": "tamkeen.example.ma",
    "DATABASE_URL": "postgres://tamkeen@127.0.0.1:5432/tamkeen",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SITE_URL": "https://tamkeen.example.ma",
    "BANK_DETAILS_ENCRYPTION_KEY": "GZrRPbIJzcnnTxmmYKSgVNQOKTip2tbSc-oUiA3EZko=",
    "API_WEBHOOK_ENCRYPTION_KEY": "qshfWjZE4VvH71TEA55ClcAbNiQo0DZfoBjjzC3NADc=",
    "CONN_MAX_AGE": "120",
}
PRINT_SETTINGS = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "caches": {alias: c["BACKEND"] for alias, c in settings.CACHES.items()},
    "prefixes": sorted({c.get("KEY_PREFIX", "") for c in settings.CACHES.values()}),
    "conn_max_age": db["CONN_MAX_AGE"],
    "health_checks": db["CONN_HEALTH_CHECKS"],
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "first_middleware": settings.MIDDLEWARE[0],
    "page_cache_seconds": settings.PAGE_CACHE_SECONDS,
}))
"""


@pytest.fixture(scope="module")
def production_settings():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and k not in ("DJANGO_SETTINGS_MODULE", "PAGE_CACHE_SECONDS")
    }
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="lms.settings.production")
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "shell", "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_caches_are_redis_with_an_alias_for_pages_and_renditions(production_settings):
    caches = production_settings["caches"]
    assert set(caches) == {"default", "pages", "renditions"}
    assert all("Redis" in backend for backend in caches.values())
    # One Redis, three key spaces: each can be flushed alone.
    assert len(production_settings["prefixes"]) == 3


def test_production_keeps_database_connections_and_checks_them(production_settings):
    assert production_settings["conn_max_age"] == 120
    assert production_settings["health_checks"] is True


def test_production_serves_compressed_hashed_static_files(production_settings):
    static = production_settings["static"]
    assert static == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_the_page_cache_answers_first(production_settings):
    assert production_settings["first_middleware"] == "lms.pagecache.PageCacheMiddleware"
    assert production_settings["page_cache_seconds"] == 300


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("accounts.tasks.send_email", "email"),
        ("certificates.tasks.issue_certificate", "pdf"),
        ("certificates.tasks.build_certificate_bundle", "exports"),
        ("grants.tasks.build_evidence_pack", "exports"),
        ("courses.tasks.send_session_reminders", "default"),
        ("outbox.tasks.drain", "default"),
    ],
)
def test_slow_work_never_shares_the_email_queue(task, queue):
    from lms.celery import app

    route = app.amqp.router.route({}, task)
    assert route["queue"].name == queue


def _gunicorn(monkeypatch, **env) -> dict:
    for name in ("WEB_CONCURRENCY", "GUNICORN_MAX_REQUESTS", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_defaults(monkeypatch):
    conf = _gunicorn(monkeypatch)
    assert conf["wsgi_app"] == "lms.wsgi:application"
    assert conf["workers"] == 2 * multiprocessing.cpu_count() + 1
    assert conf["preload_app"] is True
    assert conf["max_requests"] > 0 and 0 < conf["max_requests_jitter"] < conf["max_requests"]
    assert conf["accesslog"] == "-"
    assert conf["timeout"] == 30
    assert conf["control_socket_disable"] is True


def test_gunicorn_reads_the_environment(monkeypatch):
    conf = _gunicorn(monkeypatch, WEB_CONCURRENCY="3", GUNICORN_BIND="0.0.0.0:8001")
    assert conf["workers"] == 3
    assert conf["bind"] == ["0.0.0.0:8001"]
