"""Separation of duties and conflicts of interest: nobody reviews, checks or pays a request of
an association they are a member of; the approver neither checks nor pays; the payment is not
dated before the approval; the checker does not pay when another finance member may."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import services
from grants.models import AuditLog, Tranche
from grants.services.finance import tranche_request_finance_clear
from organisations import permissions
from organisations.models import Membership

from .helpers import passing_checklist

pytestmark = pytest.mark.django_db
S = Tranche.Status

# The refusal and the page's note, in the language of the request (the site's default here).
MEMBER_REFUSAL = _(
    "You are a member of this association: someone else must review, check or pay its requests."
)
MEMBER_NOTE = _(
    "You are a member of this association: someone else must review it, check it and pay it."
)


def _also_member(user, association, role=Membership.Role.TRAINER):
    Membership.objects.create(user=user, organisation=association, role=role)
    user.__dict__.pop("_tamkeen_roles", None)  # the roles cached on the person
    return user


def _approve(request, by):
    return services.tranche_request_review(
        request=request,
        by=by,
        checklist=passing_checklist(request.tranche.agreement.programme),
        decision="approve",
    )


@pytest.mark.parametrize("role", [Membership.Role.TRAINER, Membership.Role.ADMIN])
def test_an_officer_who_is_a_member_of_the_association_may_not_review(
    client, submitted_request, officer, trainer_association, role
):
    _also_member(officer, trainer_association, role)
    agreement = submitted_request.tranche.agreement
    assert not permissions.can_review_tranche_request(officer, agreement)
    with pytest.raises(PermissionDenied) as error:
        _approve(submitted_request, officer)
    assert str(error.value) == MEMBER_REFUSAL
    client.force_login(officer)
    url = reverse("grants:request_review", args=[submitted_request.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 403
    page = client.get(reverse("grants:agreement_detail", args=[agreement.pk]))
    assert MEMBER_NOTE in page.content.decode()
    assert Tranche.objects.get(pk=submitted_request.tranche_id).status == S.REQUESTED


def test_a_finance_member_of_the_association_may_neither_check_nor_pay(
    client, submitted_request, officer, finance, trainer_association
):
    _approve(submitted_request, officer)
    _also_member(finance, trainer_association)
    agreement = submitted_request.tranche.agreement
    assert not permissions.can_check_finance(finance, agreement)
    assert not permissions.can_record_payment(finance, agreement)
    with pytest.raises(PermissionDenied) as error:
        tranche_request_finance_clear(request=submitted_request, by=finance)
    assert str(error.value) == MEMBER_REFUSAL
    client.force_login(finance)
    url = reverse("grants:finance_check", args=[submitted_request.pk])
    assert client.post(url, {"decision": "clear"}).status_code == 403
    assert Tranche.objects.get(pk=submitted_request.tranche_id).status == S.APPROVED


def test_a_finance_member_of_the_association_may_not_pay_tranche_1(
    tranches, finance, trainer_association
):
    _also_member(finance, trainer_association)
    with pytest.raises(PermissionDenied):
        services.tranche_payment_record(
            tranche=tranches[0], by=finance, paid_on=datetime.date(2024, 1, 10), reference="V"
        )
    assert Tranche.objects.get(pk=tranches[0].pk).status == S.PAYABLE


def test_the_approver_may_not_check_the_request(submitted_request, officer_and_finance):
    _approve(submitted_request, officer_and_finance)
    with pytest.raises(ValidationError) as error:
        tranche_request_finance_clear(request=submitted_request, by=officer_and_finance)
    assert error.value.code == "approver_cannot_check"


def test_a_payment_is_not_dated_before_the_approval(
    submitted_request, officer, finance, other_finance
):
    _approve(submitted_request, officer)
    tranche_request_finance_clear(request=submitted_request, by=finance)
    tranche = Tranche.objects.get(pk=submitted_request.tranche_id)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.tranche_payment_record(
            tranche=tranche, by=other_finance, paid_on=yesterday, reference="V"
        )
    assert error.value.code == "paid_before_approval"
    assert Tranche.objects.get(pk=tranche.pk).status == S.CLEARED


def test_the_checker_does_not_pay_when_another_finance_member_may(
    submitted_request, officer, finance, other_finance
):
    _approve(submitted_request, officer)
    tranche_request_finance_clear(request=submitted_request, by=finance)
    tranche = Tranche.objects.get(pk=submitted_request.tranche_id)
    with pytest.raises(ValidationError) as error:
        services.tranche_payment_record(
            tranche=tranche, by=finance, paid_on=timezone.localdate(), reference="V"
        )
    assert error.value.code == "checker_cannot_pay"
    services.tranche_payment_record(
        tranche=tranche, by=other_finance, paid_on=timezone.localdate(), reference="V"
    )
    assert not AuditLog.objects.filter(action="tranche.paid_by_checker").exists()


def test_a_lone_finance_member_checks_and_pays_and_the_log_says_so(
    submitted_request, officer, finance
):
    _approve(submitted_request, officer)
    tranche_request_finance_clear(request=submitted_request, by=finance)
    tranche = Tranche.objects.get(pk=submitted_request.tranche_id)
    services.tranche_payment_record(
        tranche=tranche, by=finance, paid_on=timezone.localdate(), reference="V"
    )
    assert Tranche.objects.get(pk=tranche.pk).status == S.PAID
    entry = AuditLog.objects.get(action="tranche.paid_by_checker")
    assert (entry.actor, entry.after["reason"]) == (finance, "single_finance_member")
