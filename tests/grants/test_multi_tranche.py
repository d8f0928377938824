"""Plans with more than two tranches, end to end: a 30/40/30 plan's tranche 3 gets its own
request, evidence of its own period and its own status wherever tranches show."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from grants import selectors, services
from grants.dashboard import programme_dashboard
from grants.models import Tranche, TrancheRequest
from grants.services.finance import tranche_request_finance_clear
from tests.factories.grants import AgreementFactory, ProgrammeFactory

from .evidence_data import held
from .helpers import fill_request, passing_checklist

pytestmark = pytest.mark.django_db
S = Tranche.Status
PLAN_30_40_30 = [
    (1, Decimal("30"), "signature"),
    (2, Decimal("40"), "verified"),
    (3, Decimal("30"), "verified"),
]


@pytest.fixture
def plan_programme(funder):
    return ProgrammeFactory(funder=funder, plan=PLAN_30_40_30)


@pytest.fixture
def three(plan_programme, trainer_association):
    agreement = AgreementFactory(programme=plan_programme, association=trainer_association)
    return services.agreement_tranches_create(agreement=agreement)


def _request_through_payment(tranche, *, author, officer, finance, payer=None, amount="1000"):
    request = services.tranche_request_create(tranche=tranche, by=author)
    fill_request(request, author, amount=amount)
    services.tranche_request_submit(request=request, by=author)
    programme = tranche.agreement.programme
    services.tranche_request_review(
        request=request, by=officer, checklist=passing_checklist(programme), decision="approve"
    )
    tranche_request_finance_clear(request=request, by=finance)
    services.tranche_payment_record(
        tranche=Tranche.objects.get(pk=tranche.pk),
        by=payer or finance,
        paid_on=timezone.localdate(),
        reference=f"VIR-{tranche.number}",
    )
    return request


def test_the_verified_tranches_split_the_agreement_period_and_get_due_dates(three):
    first, second, third = three
    agreement = first.agreement
    assert first.period_starts_on is None and first.report_due_on is None
    assert second.period_starts_on == agreement.starts_on
    assert third.period_ends_on == agreement.ends_on
    assert third.period_starts_on == second.period_ends_on + datetime.timedelta(days=1)
    # Equal lengths (the last takes the day left over).
    lengths = [(t.period_ends_on - t.period_starts_on).days + 1 for t in (second, third)]
    assert abs(lengths[0] - lengths[1]) <= 1
    due = datetime.timedelta(days=agreement.programme.report_due_days)
    assert second.report_due_on == second.period_ends_on + due
    assert third.report_due_on == third.period_ends_on + due


def test_a_fifty_fifty_plan_reports_on_the_whole_agreement(tranches):
    second = tranches[1]
    agreement = second.agreement
    assert (second.period_starts_on, second.period_ends_on) == (
        agreement.starts_on,
        agreement.ends_on,
    )
    # The evidence is the agreement's, unchanged in meaning (no period of its own).
    assert selectors.tranche_period(second) is None
    assert "period" not in selectors.tranche_evidence(tranche=second)


def test_tranche_3_goes_through_request_review_check_and_payment(
    three, association_admin, officer, finance, other_finance, client
):
    first, second, third = three
    services.tranche_payment_record(
        tranche=first, by=finance, paid_on=datetime.date(2024, 1, 10), reference="VIR-1"
    )
    _request_through_payment(
        second, author=association_admin, officer=officer, finance=finance, payer=other_finance
    )
    assert Tranche.objects.get(pk=third.pk).status == S.PAYABLE

    # The agreement page asks about tranche 3 and offers its request.
    client.force_login(association_admin)
    url = reverse("grants:agreement_detail", args=[first.agreement_id])
    response = client.get(url)
    assert response.context["requested_tranche"].pk == third.pk
    assert 'id="readiness-title"' in response.content.decode()
    assert reverse("grants:request_open", args=[third.pk]) in response.content.decode()

    request = services.tranche_request_create(tranche=third, by=association_admin)
    # The financial report is checked against the previous tranche (tranche 2, 40%).
    fill_request(request, association_admin, amount="80000.01")
    codes = {
        c.code: c.met for c in selectors.tranche_request_readiness(tranche=third, request=request)
    }
    assert codes["previous_tranche_paid"] is True
    assert codes["expenses_within_tranche"] is False
    line = request.expense_lines.get()
    services.tranche_request_update(
        request=request,
        by=association_admin,
        expense_lines=[
            {"id": line.pk, "category": "venue", "label": "Salle", "amount": "80000.00"}
        ],
    )
    services.tranche_request_submit(request=request, by=association_admin)
    request.refresh_from_db()
    assert request.evidence_snapshot["period"] == {
        "tranche": 3,
        "starts_on": str(third.period_starts_on),
        "ends_on": str(third.period_ends_on),
    }
    services.tranche_request_review(
        request=request,
        by=officer,
        checklist=passing_checklist(first.agreement.programme),
        decision="approve",
    )
    tranche_request_finance_clear(request=request, by=finance)
    services.tranche_payment_record(
        tranche=Tranche.objects.get(pk=third.pk),
        by=other_finance,
        paid_on=timezone.localdate(),
        reference="VIR-3",
    )
    assert list(first.agreement.tranches.values_list("status", flat=True)) == [S.PAID] * 3
    assert TrancheRequest.objects.get(pk=request.pk).status == TrancheRequest.Status.APPROVED
    response = client.get(url)
    assert response.context["requested_tranche"] is None
    assert response.context["all_paid"] is True


def test_the_dashboard_says_paid_only_when_every_tranche_is(
    three, association_admin, officer, finance
):
    first, second, third = three
    services.tranche_payment_record(
        tranche=first, by=finance, paid_on=datetime.date(2024, 1, 10), reference="VIR-1"
    )
    _request_through_payment(second, author=association_admin, officer=officer, finance=finance)
    (row,) = programme_dashboard(programme=first.agreement.programme)["rows"]
    assert (row.tranche_number, row.status) == (3, S.PAYABLE)
    Tranche.objects.filter(pk=third.pk).update(status=S.PAID)
    (row,) = programme_dashboard(programme=first.agreement.programme)["rows"]
    assert (row.tranche_number, row.status) == (3, S.PAID)


def test_the_agreement_list_shows_the_current_tranche(
    client, three, association_admin, officer, finance
):
    first, second, third = three
    services.tranche_payment_record(
        tranche=first, by=finance, paid_on=datetime.date(2024, 1, 10), reference="VIR-1"
    )
    _request_through_payment(second, author=association_admin, officer=officer, finance=finance)
    client.force_login(officer)
    response = client.get(reverse("grants:agreement_list"))
    (agreement,) = response.context["page_obj"].object_list
    assert agreement.current_tranche.pk == third.pk
    assert not agreement.all_paid


def test_each_tranche_counts_the_sessions_of_its_own_period(three):
    first, second, third = three
    agreement = first.agreement
    held(agreement.association, str(second.period_starts_on + datetime.timedelta(days=10)))
    held(agreement.association, str(third.period_starts_on + datetime.timedelta(days=10)))
    held(agreement.association, str(third.period_ends_on - datetime.timedelta(days=10)))
    assert selectors.tranche_evidence(tranche=second)["figures"]["sessions"] == 1
    assert selectors.tranche_evidence(tranche=third)["figures"]["sessions"] == 2
    assert selectors.agreement_evidence(agreement=agreement)["figures"]["sessions"] == 3


def test_tranche_3_cannot_be_requested_before_tranche_2_is_paid(three, association_admin, finance):
    first, _second, third = three
    services.tranche_payment_record(
        tranche=first, by=finance, paid_on=datetime.date(2024, 1, 10), reference="VIR-1"
    )
    request = services.tranche_request_create(tranche=third, by=association_admin)
    fill_request(request, association_admin)
    with pytest.raises(ValidationError) as error:
        services.tranche_request_submit(request=request, by=association_admin)
    assert "previous_tranche_paid" in [e.code for e in error.value.error_list]
    assert Tranche.objects.get(pk=third.pk).status == S.PLANNED


def test_the_backfill_gives_existing_tranches_their_periods(three):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("grants.migrations.0006_tranche_periods_backfill")
    first, second, third = three
    Tranche.objects.filter(pk__in=[second.pk, third.pk]).update(
        period_starts_on=None, period_ends_on=None, report_due_on=None
    )
    migration.backfill(apps, None)
    for tranche in (second, third):
        before = (tranche.period_starts_on, tranche.period_ends_on, tranche.report_due_on)
        tranche.refresh_from_db()
        assert (tranche.period_starts_on, tranche.period_ends_on, tranche.report_due_on) == before
