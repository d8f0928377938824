"""Names of learners leave only with ``names:read``, held by a funder's client acting as a
person who may see them on the evidence pages; each read is logged."""

import pytest

from grants.models import AuditLog
from security.models import SecurityEvent

from ..factories.api import api_client
from .conftest import bearer

pytestmark = pytest.mark.django_db


def test_an_officers_names_read_is_logged(client, funder, officer, agreement):
    _api, token = api_client(funder, officer, "names:read")
    response = client.get(
        f"/api/v1/agreements/{agreement.reference}/beneficiaries", **bearer(token)
    )
    assert response.status_code == 200, response.content
    event = SecurityEvent.objects.get(kind="data_exported")
    assert event.actor == officer and event.details["via"] == "api"
    assert event.details["agreement"] == agreement.reference
    assert AuditLog.objects.filter(action="evidence.names_viewed", actor=officer).exists()


def test_finance_may_not_read_names_even_with_the_scope(client, funder, finance, agreement):
    _api, token = api_client(funder, finance, "names:read")
    response = client.get(
        f"/api/v1/agreements/{agreement.reference}/beneficiaries", **bearer(token)
    )
    assert response.status_code == 403
    assert not SecurityEvent.objects.filter(kind="data_exported").exists()
