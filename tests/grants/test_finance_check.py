"""Finance's check between the officer's approval and the payment: cleared, or sent back to
the officer with a reason; payment only once cleared; every step in the audit log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.models import AuditLog, FinanceCheck, Tranche, TrancheRequest
from grants.services.finance import (
    tranche_request_finance_clear,
    tranche_request_finance_send_back,
)

from .helpers import passing_checklist

pytestmark = pytest.mark.django_db
S = Tranche.Status
R = TrancheRequest.Status


@pytest.fixture
def approved_request(submitted_request, officer):
    services.tranche_request_review(
        request=submitted_request,
        by=officer,
        checklist=passing_checklist(submitted_request.tranche.agreement.programme),
        decision="approve",
    )
    submitted_request.refresh_from_db()
    return submitted_request


def _url(request):
    return reverse("grants:finance_check", args=[request.pk])


def test_finance_clears_an_approved_request_on_its_page(client, approved_request, finance):
    client.force_login(finance)
    assert client.get(_url(approved_request)).status_code == 200
    response = client.post(_url(approved_request), {"decision": "clear"})
    assert response.status_code == 302
    tranche = Tranche.objects.get(pk=approved_request.tranche_id)
    assert (tranche.status, tranche.cleared_by) == (S.CLEARED, finance)
    check = FinanceCheck.objects.get(request=approved_request)
    assert (check.decision, check.checked_by) == ("clear", finance)
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"tranche.cleared", "finance_check.clear"} <= actions


def test_sending_back_needs_a_reason_and_writes_nothing_without_one(
    client, approved_request, finance
):
    client.force_login(finance)
    response = client.post(_url(approved_request), {"decision": "send_back", "reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not FinanceCheck.objects.exists()
    assert Tranche.objects.get(pk=approved_request.tranche_id).status == S.APPROVED


def test_sent_back_the_request_returns_to_review_and_the_officer_decides_again(
    client, approved_request, finance, officer
):
    client.force_login(finance)
    client.post(_url(approved_request), {"decision": "send_back", "reason": "RIB mismatch."})
    request = TrancheRequest.objects.get(pk=approved_request.pk)
    tranche = request.tranche
    assert (request.status, tranche.status, tranche.approved_by) == (
        R.UNDER_REVIEW,
        S.UNDER_REVIEW,
        None,
    )
    check = FinanceCheck.objects.get()
    assert (check.decision, check.reason) == ("send_back", "RIB mismatch.")
    assert AuditLog.objects.filter(action="finance_check.send_back").exists()
    services.tranche_request_review(
        request=request,
        by=officer,
        checklist=passing_checklist(tranche.agreement.programme),
        decision="approve",
    )
    assert Tranche.objects.get(pk=tranche.pk).status == S.APPROVED


def test_an_approved_request_is_not_paid_before_finance_clears_it(approved_request, finance):
    tranche = Tranche.objects.get(pk=approved_request.tranche_id)
    with pytest.raises(ValidationError) as error:
        services.tranche_payment_record(
            tranche=tranche, by=finance, paid_on=timezone.localdate(), reference="V"
        )
    assert error.value.code == "not_cleared"
    assert Tranche.objects.get(pk=tranche.pk).status == S.APPROVED


def test_cleared_then_paid(approved_request, finance, other_finance):
    tranche_request_finance_clear(request=approved_request, by=finance)
    tranche = Tranche.objects.get(pk=approved_request.tranche_id)
    services.tranche_payment_record(
        tranche=tranche, by=other_finance, paid_on=timezone.localdate(), reference="VIR-2"
    )
    assert Tranche.objects.get(pk=tranche.pk).status == S.PAID


def test_a_request_not_waiting_for_the_check_is_refused(submitted_request, finance):
    with pytest.raises(ValidationError) as error:
        tranche_request_finance_clear(request=submitted_request, by=finance)
    assert error.value.code == "not_awaiting_check"
    assert not FinanceCheck.objects.exists()


@pytest.mark.parametrize("role", ["officer", "auditor", "association_admin"])
def test_only_finance_checks(client, approved_request, role, request):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        tranche_request_finance_send_back(request=approved_request, by=user, reason="x")
    client.force_login(user)
    assert client.post(_url(approved_request), {"decision": "clear"}).status_code in (403, 404)
    assert Tranche.objects.get(pk=approved_request.tranche_id).status == S.APPROVED


def test_the_agreement_page_offers_finance_the_check(client, approved_request, finance):
    client.force_login(finance)
    url = reverse("grants:agreement_detail", args=[approved_request.tranche.agreement_id])
    assert _url(approved_request) in client.get(url).content.decode()
