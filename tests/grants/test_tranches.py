"""Tranches: amounts from the plan, the transition table for every role, payments."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from grants import services
from grants.models import AuditLog, Tranche
from grants.services import TRANSITIONS, tranche_transition
from tests.factories.grants import AgreementFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
S = Tranche.Status
PAID_ON = datetime.date(2024, 1, 10)


def test_two_tranches_of_fifty_percent_and_the_first_is_payable_on_signature(agreement):
    first, second = services.agreement_tranches_create(agreement=agreement)
    assert (first.number, first.share, first.amount) == (1, Decimal("50.00"), Decimal("100000"))
    assert (second.number, second.share, second.amount) == (2, Decimal("50.00"), Decimal("100000"))
    assert first.status == S.PAYABLE
    assert second.status == S.PLANNED
    assert AuditLog.objects.filter(object_type="grants.tranche", action="tranche.payable").count()


def test_creating_tranches_twice_changes_nothing(agreement):
    first = services.agreement_tranches_create(agreement=agreement)
    again = services.agreement_tranches_create(agreement=agreement)
    assert [t.pk for t in first] == [t.pk for t in again]
    assert agreement.tranches.count() == 2


def test_the_last_tranche_takes_the_remainder_to_the_centime(funder, trainer_association):
    programme = ProgrammeFactory(
        funder=funder,
        plan=[
            (1, Decimal("33.33"), "signature"),
            (2, Decimal("33.33"), "verified"),
            (3, Decimal("33.34"), "verified"),
        ],
    )
    agreement = AgreementFactory(
        programme=programme, association=trainer_association, amount=Decimal("100000.01")
    )
    amounts = [t.amount for t in services.agreement_tranches_create(agreement=agreement)]
    assert amounts == [Decimal("33330.00"), Decimal("33330.00"), Decimal("33340.01")]
    assert sum(amounts) == agreement.amount
    assert all(isinstance(a, Decimal) for a in amounts)


def test_amounts_split_odd_centimes_exactly():
    amounts = services.tranche_amounts(Decimal("0.03"), [Decimal("50"), Decimal("50")])
    assert amounts == [Decimal("0.02"), Decimal("0.01")]


def test_a_plan_whose_shares_do_not_add_up_to_100_is_refused(programme):
    with pytest.raises(ValidationError) as error:
        services.programme_tranche_plan_set(
            programme=programme, plan=[(1, "50", "signature"), (2, "40", "verified")]
        )
    assert error.value.error_list[0].code == "plan_total"


# --- The transition table, for every pair of statuses and every role ---------------------------

ROLES = ["system", "association_admin", "trainer", "officer", "finance", "auditor"]
ALLOWED = {
    ("planned", "payable"): "system",
    ("payable", "paid"): "finance",
    ("payable", "requested"): "association_admin",
    ("requested", "under_review"): "officer",
    ("under_review", "changes_requested"): "officer",
    ("changes_requested", "requested"): "association_admin",
    ("under_review", "approved"): "officer",
    ("under_review", "rejected"): "officer",
    ("approved", "cleared"): "finance",
    ("approved", "under_review"): "finance",
    ("cleared", "paid"): "finance",
}


def test_the_table_is_the_documented_one():
    assert {pair: edge.actor for pair, edge in TRANSITIONS.items()} == ALLOWED


@pytest.fixture
def actors(association_admin, trainer, officer, finance, auditor):
    return {
        "system": None,
        "association_admin": association_admin,
        "trainer": trainer,
        "officer": officer,
        "finance": finance,
        "auditor": auditor,
    }


@pytest.mark.parametrize("source", S.values)
@pytest.mark.parametrize("target", S.values)
def test_every_transition_for_every_role(tranches, actors, source, target):
    """Each role in turn tries the move; only the table's actor succeeds, and only on an edge."""
    # Tranche 1 (on signature) for payable → paid; tranche 2 for everything else.
    tranche = tranches[0] if (source, target) == ("payable", "paid") else tranches[1]
    for role in ROLES:
        Tranche.objects.filter(pk=tranche.pk).update(status=source)
        tranche.refresh_from_db()
        by = actors[role]
        if (source, target) not in ALLOWED:
            with pytest.raises(ValidationError) as error:
                tranche_transition(tranche=tranche, to=target, by=by)
            assert error.value.code == "illegal_transition", role
        elif ALLOWED[(source, target)] != role:
            with pytest.raises(PermissionDenied):
                tranche_transition(tranche=tranche, to=target, by=by)
        else:
            tranche_transition(tranche=tranche, to=target, by=by)
            tranche.refresh_from_db()
            assert tranche.status == target
            entry = AuditLog.objects.filter(object_id=str(tranche.pk)).last()
            assert (entry.before["status"], entry.after["status"]) == (source, target)
            assert entry.actor == by
            continue
        tranche.refresh_from_db()
        assert tranche.status == source, role


def test_a_tranche_released_by_review_cannot_be_paid_without_approval(tranches, finance):
    Tranche.objects.filter(pk=tranches[1].pk).update(status=S.PAYABLE)
    tranches[1].refresh_from_db()
    with pytest.raises(ValidationError) as error:
        tranche_transition(tranche=tranches[1], to=S.PAID, by=finance)
    assert error.value.code == "review_required"


def test_an_officer_of_another_funder_may_not_move_the_tranche(tranches):
    from tests.factories.organisations import OrganisationFactory, member_of

    stranger = member_of(OrganisationFactory(funder=True), "officer")
    Tranche.objects.filter(pk=tranches[1].pk).update(status=S.REQUESTED)
    tranches[1].refresh_from_db()
    with pytest.raises(PermissionDenied):
        tranche_transition(tranche=tranches[1], to=S.UNDER_REVIEW, by=stranger)


# --- Payments ----------------------------------------------------------------------------------


def test_finance_records_tranche_1_and_tranche_2_becomes_payable(tranches, finance):
    services.tranche_payment_record(
        tranche=tranches[0], by=finance, paid_on=PAID_ON, reference="VIR-2024-001"
    )
    first, second = (Tranche.objects.get(pk=t.pk) for t in tranches)
    assert (first.status, first.paid_by, first.paid_on) == (S.PAID, finance, PAID_ON)
    assert first.payment_reference == "VIR-2024-001"
    assert second.status == S.PAYABLE


@pytest.mark.parametrize("role", ["association_admin", "trainer", "officer", "auditor"])
def test_only_finance_records_a_payment(tranches, actors, role):
    with pytest.raises(PermissionDenied):
        services.tranche_payment_record(
            tranche=tranches[0], by=actors[role], paid_on=PAID_ON, reference="X"
        )
    assert Tranche.objects.get(pk=tranches[0].pk).status == S.PAYABLE


def test_the_approver_may_not_record_the_payment(tranches, officer_and_finance, other_finance):
    second = tranches[1]
    Tranche.objects.filter(pk=second.pk).update(status=S.CLEARED, approved_by=officer_and_finance)
    second.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.tranche_payment_record(
            tranche=second, by=officer_and_finance, paid_on=PAID_ON, reference="VIR-2"
        )
    assert error.value.code == "approver_cannot_pay"
    assert Tranche.objects.get(pk=second.pk).status == S.CLEARED
    services.tranche_payment_record(
        tranche=second, by=other_finance, paid_on=PAID_ON, reference="V"
    )
    assert Tranche.objects.get(pk=second.pk).status == S.PAID


@pytest.mark.parametrize(
    ("paid_on", "reference", "code"),
    [
        (PAID_ON, "  ", "reference_required"),
        (datetime.date(2999, 1, 1), "V", "paid_on"),
        (datetime.date(2020, 1, 1), "V", "paid_on"),
    ],
)
def test_a_payment_needs_a_reference_and_a_plausible_date(
    tranches, finance, paid_on, reference, code
):
    with pytest.raises(ValidationError) as error:
        services.tranche_payment_record(
            tranche=tranches[0], by=finance, paid_on=paid_on, reference=reference
        )
    assert error.value.code == code


def test_a_paid_tranche_cannot_be_paid_twice(paid_tranches, finance):
    with pytest.raises(ValidationError) as error:
        services.tranche_payment_record(
            tranche=paid_tranches[0], by=finance, paid_on=PAID_ON, reference="again"
        )
    assert error.value.code == "illegal_transition"
