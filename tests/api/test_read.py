"""The read endpoints answer through grants' selectors, as the acting person."""

import pytest

from .conftest import bearer

pytestmark = pytest.mark.django_db


def test_agreements_list_gives_amounts_as_decimal_strings_with_currency(
    client, finance_token, agreement
):
    response = client.get("/api/v1/agreements", **bearer(finance_token))
    assert response.status_code == 200, response.content
    item = response.json()["items"][0]
    assert item["reference"] == agreement.reference
    assert item["amount"] == {"amount": "200000.00", "currency": "MAD"}
    assert [t["number"] for t in item["tranches"]] == [1, 2]
    assert item["tranches"][0]["status"] == "payable"
    assert "rib" not in response.content.decode()
    assert agreement.rib_last4 not in response.content.decode()


def test_evidence_gives_figures_progress_and_readiness(client, finance_token, agreement):
    response = client.get(
        f"/api/v1/agreements/{agreement.reference}/evidence", **bearer(finance_token)
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["progress"]["sessions"]["target"] == 10
    assert data["readiness"]["targets"] == 4
    assert data["current_tranche"] == 2
    assert any(c["code"] == "previous_tranche_paid" for c in data["conditions"])


def test_programmes_and_portfolio_are_the_dashboard_figures(client, finance_token, programme):
    response = client.get("/api/v1/programmes", **bearer(finance_token))
    assert response.status_code == 200, response.content
    assert response.json()["items"][0]["agreements"] == 1
    response = client.get(f"/api/v1/programmes/{programme.pk}/portfolio", **bearer(finance_token))
    assert response.status_code == 200, response.content
    assert response.json()["totals"]["amount"] == {"amount": "200000.00", "currency": "MAD"}


def test_sessions_are_aggregates_without_names(client, finance_token, agreement):
    response = client.get(
        f"/api/v1/agreements/{agreement.reference}/sessions", **bearer(finance_token)
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"items": []}


def test_another_funders_agreement_is_not_found(client, agreement):
    from ..factories.api import api_client
    from ..factories.organisations import OrganisationFactory, member_of

    other = OrganisationFactory(funder=True)
    _, token = api_client(other, member_of(other, "finance"))
    response = client.get(f"/api/v1/agreements/{agreement.reference}", **bearer(token))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_the_dashboards_status_and_readiness_filters_narrow_the_agreements(
    client, finance_token, programme, agreement
):
    def references(**query):
        response = client.get("/api/v1/agreements", query, **bearer(finance_token))
        assert response.status_code == 200, response.content
        return [item["reference"] for item in response.json()["items"]]

    assert references(readiness="not_ready") == [agreement.reference]
    assert references(readiness="ready") == []
    assert references(programme=programme.pk, status="planned") == [agreement.reference]
    assert references(programme=programme.pk, status="paid") == []
