"""/health/ says whether the database, the broker and a worker are usable: the status code and
"ok"/"not ok" per part to anyone, the details to staff and to the deployment's token."""

import time

import pytest
from django.core.cache import cache
from django.db import connection

from lms.worker import HEARTBEAT_CACHE_KEY, record_heartbeat
from organisations.models import Membership
from tests.factories.accounts import UserFactory
from tests.factories.organisations import MembershipFactory

pytestmark = pytest.mark.django_db

TOKEN = "health-token-for-the-load-balancer-0123456789"


@pytest.fixture
def broker_folder(settings, tmp_path):
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(tmp_path),
        "data_folder_out": str(tmp_path),
    }


@pytest.fixture
def token(settings):
    settings.HEALTH_TOKEN = TOKEN
    return TOKEN


def _details(client, token):
    return client.get("/health/", headers={"Authorization": f"Bearer {token}"})


def test_all_parts_ok_gives_200(client, broker_folder, token):
    record_heartbeat("test@host")
    response = _details(client, token)
    assert response.status_code == 200
    body = response.json()
    assert body["database"]["ok"] and body["broker"]["ok"] and body["worker"]["ok"]
    assert response["Cache-Control"].startswith("max-age=0")


def test_no_worker_heartbeat_gives_503(client, broker_folder, token):
    cache.delete(HEARTBEAT_CACHE_KEY)
    response = _details(client, token)
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
    assert response.json()["worker"] == "not ok"


def test_an_unreachable_broker_gives_503(client, settings):
    record_heartbeat("test@host")
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["broker"] == "not ok"


def test_strangers_get_only_ok_or_not_ok_per_part(client, broker_folder, token):
    record_heartbeat("test@host")
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": "ok",
        "worker": "ok",
        "outbox": "ok",
    }
    assert "vendor" not in response.content.decode()
    assert "Authorization" in response["Vary"] and "Cookie" in response["Vary"]


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": f"Basic {TOKEN}"},
        {"X-Health-Token": TOKEN[:-1]},
        {"Authorization": "Bearer "},
    ],
)
def test_a_wrong_token_gets_no_details(client, broker_folder, token, headers):
    body = client.get("/health/", headers=headers).json()
    assert body["database"] == "ok"


def test_no_token_configured_accepts_none(client, broker_folder, settings):
    settings.HEALTH_TOKEN = ""
    for headers in ({"Authorization": "Bearer "}, {"X-Health-Token": ""}, {}):
        assert client.get("/health/", headers=headers).json()["database"] == "ok"


def test_the_token_header_gives_the_details(client, broker_folder, token):
    record_heartbeat("test@host")
    body = client.get("/health/", headers={"X-Health-Token": token}).json()
    assert body["database"]["vendor"] == connection.vendor
    assert body["broker"]["transport"] == "filesystem"
    assert body["worker"]["last_seen_seconds"] >= 0
    assert body["outbox"]["pending"] == 0


def test_platform_admins_and_funder_admins_see_details(client, broker_folder, funder):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get("/health/").json()["database"]["vendor"] == connection.vendor
    funder_admin = MembershipFactory(organisation=funder, role=Membership.Role.ADMIN).user
    client.force_login(funder_admin)
    assert client.get("/health/").json()["database"]["vendor"] == connection.vendor


def test_other_signed_in_people_do_not(client, broker_folder, officer, learner):
    for person in (officer, learner):
        client.force_login(person)
        assert client.get("/health/").json()["database"] == "ok"
