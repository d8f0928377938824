"""Recording a payment through the API goes through grants' service: its rules hold."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiCallLog
from grants.models import AuditLog, Tranche
from organisations.models import Membership

from ..factories.api import api_client
from ..factories.organisations import member_of
from .conftest import bearer

pytestmark = pytest.mark.django_db


def _pay(client, token, tranche, **body):
    body = {"paid_on": timezone.localdate().isoformat(), "reference": "VIR-1", **body}
    return client.post(
        f"/api/v1/tranches/{tranche.pk}/payment",
        body,
        content_type="application/json",
        **bearer(token),
    )


def _first(agreement):
    return agreement.tranches.get(number=1)


def test_finance_records_the_payment_of_a_payable_tranche(
    client, finance, finance_token, agreement
):
    response = _pay(client, finance_token, _first(agreement))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "paid"
    assert response.json()["payment_reference"] == "VIR-1"
    tranche = _first(agreement)
    assert tranche.status == Tranche.Status.PAID and tranche.paid_by == finance
    assert AuditLog.objects.filter(action="tranche.paid", actor=finance).count() == 1
    call = ApiCallLog.objects.get(action="tranche.payment_record")
    assert call.status_code == 200 and call.actor == finance


def test_the_same_payment_sent_twice_is_a_409_and_changes_nothing(client, finance_token, agreement):
    assert _pay(client, finance_token, _first(agreement)).status_code == 200
    response = _pay(client, finance_token, _first(agreement), reference="VIR-2")
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert _first(agreement).payment_reference == "VIR-1"


def test_an_officers_client_may_not_record_a_payment(client, officer_token, agreement):
    response = _pay(client, officer_token, _first(agreement))
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    assert _first(agreement).status == Tranche.Status.PAYABLE


def test_finance_staff_who_belong_to_the_association_are_refused(
    client, funder, finance, agreement
):
    Membership.objects.create(user=finance, organisation=agreement.association, role="member")
    _api, token = api_client(funder, finance, "payments:write")
    response = _pay(client, token, _first(agreement))
    assert response.status_code == 403
    assert response.json()["detail"] == _(
        "You are a member of this association: someone else must review, check or pay its requests."
    )


def test_the_approver_may_not_record_the_payment(client, funder, finance, agreement):
    member_of(funder, Membership.Role.FINANCE)  # a colleague who could pay instead
    second = agreement.tranches.get(number=2)
    Tranche.objects.filter(pk=second.pk).update(
        status=Tranche.Status.CLEARED,
        approved_by=finance,
        approved_at=timezone.now() - datetime.timedelta(days=2),
    )
    _api, token = api_client(funder, finance, "payments:write")
    response = _pay(client, token, second)
    assert response.status_code == 409
    assert response.json()["code"] == "approver_cannot_pay"


def test_a_future_date_is_refused_with_the_services_reason(client, finance_token, agreement):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = _pay(client, finance_token, _first(agreement), paid_on=tomorrow.isoformat())
    assert response.status_code == 409
    assert response.json()["code"] == "paid_on"


def test_a_payment_without_the_scope_is_403(client, funder, finance, agreement):
    _api, token = api_client(funder, finance, "agreements:read")
    response = _pay(client, token, _first(agreement))
    assert response.status_code == 403 and response.json()["code"] == "scope_missing"
