"""The pages where a platform or funder admin manages API clients."""

import pytest

from api.models import ApiClient
from organisations.models import Membership

from ..factories.organisations import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def funder_admin(funder):
    return member_of(funder, Membership.Role.ADMIN)


def test_a_funder_admin_creates_a_client_and_sees_its_token_once(client, funder, funder_admin):
    client.force_login(funder_admin)
    assert client.get("/fr/api-clients/").status_code == 200
    response = client.post(
        "/fr/api-clients/new/",
        {"organisation": funder.pk, "name": "Finances", "scopes": ["agreements:read"]},
    )
    assert response.status_code == 200, response.content
    api = ApiClient.objects.get()
    text = response.content.decode()
    token = text.split('class="api-token">')[1].split("<")[0]
    assert token.startswith(api.token_prefix)
    assert "no-store" in response["Cache-Control"]
    detail = client.get(f"/fr/api-clients/{api.pk}/").content.decode()
    assert token not in detail and api.token_prefix in detail
    client.post(f"/fr/api-clients/{api.pk}/revoke/")
    api.refresh_from_db()
    assert api.is_revoked


def test_a_funder_admin_subscribes_a_webhook_and_sees_its_secret_once(client, funder, funder_admin):
    from ..factories.api import api_client

    api, _token = api_client(funder, funder_admin, "webhooks:manage")
    client.force_login(funder_admin)
    response = client.post(
        f"/ar/api-clients/{api.pk}/webhooks/new/",
        {"url": "https://receiver.example.org/", "events": ["tranche.paid"]},
    )
    assert response.status_code == 200
    assert "whsec_" in response.content.decode()
    assert "whsec_" not in client.get(f"/ar/api-clients/{api.pk}/").content.decode()


def test_officers_do_not_manage_api_clients(client, officer):
    client.force_login(officer)
    assert client.get("/fr/api-clients/").status_code == 403
