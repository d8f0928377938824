"""API clients: a token shown once (its hash stored), expiry, revocation, scopes, rate limit."""

import datetime
import hashlib
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiCallLog, ApiClient
from api.services import api_client_create, api_client_revoke
from security.models import SecurityEvent

from ..factories.accounts import UserFactory
from ..factories.api import api_client
from .conftest import bearer

pytestmark = pytest.mark.django_db


def _problem(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["code"] == code
    assert body["type"] == f"urn:tamkeen:problem:{code}"
    assert body["title"] and body["detail"] and body["instance"] == response.request["PATH_INFO"]
    return body


def test_token_is_returned_once_and_only_its_sha256_is_stored(funder, finance):
    client, token = api_client(funder, finance, "agreements:read")
    stored = ApiClient.objects.get(pk=client.pk)
    assert stored.token_sha256 == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(
        ApiClient.objects.filter(pk=client.pk).values().first()
    )  # no column holds it
    assert stored.token_prefix == token[:12]


def test_client_creation_and_revocation_are_in_the_security_log(funder, finance):
    client, _token = api_client(funder, finance, "agreements:read")
    admin = client.created_by
    api_client_revoke(client=client, by=admin)
    events = SecurityEvent.objects.filter(kind="privileges_changed")
    changes = [e.details.get("change") for e in events]
    assert changes.count("api_client_created") == 1 and changes.count("api_client_revoked") == 1
    assert set(ApiCallLog.objects.values_list("action", flat=True)) == {
        "client.created",
        "client.revoked",
    }


def test_a_call_without_token_is_401_problem(client, agreement):
    _problem(client.get("/api/v1/agreements"), 401, "not_authenticated")


def test_an_unknown_token_is_401_problem(client, agreement):
    _problem(client.get("/api/v1/agreements", **bearer("tmk_nope")), 401, "invalid_token")


def test_an_expired_token_is_refused(client, funder, finance, agreement):
    api, token = api_client(funder, finance, "agreements:read", expires_in_days=1)
    assert client.get("/api/v1/agreements", **bearer(token)).status_code == 200
    ApiClient.objects.filter(pk=api.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    body = _problem(client.get("/api/v1/agreements", **bearer(token)), 401, "token_expired")
    assert body["detail"] == _("This token has expired.")


def test_a_revoked_token_is_refused(client, funder, finance, agreement):
    api, token = api_client(funder, finance, "agreements:read")
    api_client_revoke(client=api, by=api.created_by)
    _problem(client.get("/api/v1/agreements", **bearer(token)), 401, "token_revoked")


def test_a_token_whose_person_left_the_organisation_is_refused(client, funder, finance, agreement):
    _api, token = api_client(funder, finance, "agreements:read")
    finance.memberships.all().delete()
    _problem(client.get("/api/v1/agreements", **bearer(token)), 401, "acting_user_inactive")


def test_a_missing_scope_is_403_problem(client, funder, finance, agreement):
    _api, token = api_client(funder, finance, "programmes:read")
    body = _problem(client.get("/api/v1/agreements", **bearer(token)), 403, "scope_missing")
    assert "agreements:read" in body["detail"]


def test_names_and_payments_scopes_are_refused_to_an_associations_client(
    trainer_association, association_admin
):
    admin = UserFactory(is_superuser=True)
    for scope in ("names:read", "payments:write"):
        with pytest.raises(ValidationError) as error:
            api_client_create(
                organisation=trainer_association,
                name="x",
                scopes=[scope],
                by=admin,
                acting_user=association_admin,
            )
        assert error.value.code == "funder_only_scope"


def test_a_client_acts_only_as_a_member_of_its_organisation(funder, association_admin):
    admin = UserFactory(is_superuser=True)
    with pytest.raises(ValidationError):
        api_client_create(
            organisation=funder,
            name="x",
            scopes=["agreements:read"],
            by=admin,
            acting_user=association_admin,
        )


def test_calls_beyond_the_rate_limit_get_429_with_retry_after(
    client, settings, funder, finance, agreement
):
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    _api, token = api_client(funder, finance, "agreements:read")
    for _attempt in range(2):
        assert client.get("/api/v1/agreements", **bearer(token)).status_code == 200
    response = client.get("/api/v1/agreements", **bearer(token))
    _problem(response, 429, "rate_limited")
    assert response["Retry-After"] == "60"


def test_the_command_prints_a_token_that_works(client, funder, finance, agreement):
    UserFactory(is_superuser=True, email="root@example.org")
    out = StringIO()
    call_command(
        "api_token_create",
        "--organisation",
        funder.registration_number,
        "--scope",
        "agreements:read",
        "--acting-user",
        finance.email,
        "--expires-days",
        "30",
        stdout=out,
    )
    token = out.getvalue().strip()
    assert token.startswith("tmk_")
    assert client.get("/api/v1/agreements", **bearer(token)).status_code == 200
