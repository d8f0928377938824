"""/health/ says whether the database, the broker and a worker are usable."""

import time

import pytest
from django.core.cache import cache

from lms.worker import HEARTBEAT_CACHE_KEY, record_heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_folder(settings, tmp_path):
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(tmp_path),
        "data_folder_out": str(tmp_path),
    }


def test_all_parts_ok_gives_200(client, broker_folder):
    record_heartbeat("test@host")
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["database"]["ok"] and body["broker"]["ok"] and body["worker"]["ok"]
    assert response["Cache-Control"].startswith("max-age=0")


def test_no_worker_heartbeat_gives_503(client, broker_folder):
    cache.delete(HEARTBEAT_CACHE_KEY)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["worker"] == {
        "ok": False,
        "error": "no heartbeat",
        "ms": pytest.approx(0, abs=50),
    }


def test_a_stale_heartbeat_gives_503(client, broker_folder, settings):
    cache.set(
        HEARTBEAT_CACHE_KEY,
        {"at": time.time() - 10 * settings.WORKER_HEARTBEAT_SECONDS, "hostname": "x"},
    )
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["worker"]["ok"] is False


def test_an_unreachable_broker_gives_503(client, settings):
    record_heartbeat("test@host")
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False
