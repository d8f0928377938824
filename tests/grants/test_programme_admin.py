"""Programmes entered by the funder's officers: the pages, the tranche plan (any number of
tranches, shares adding up to 100%, frozen once tranches exist), the period and who may do it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from grants import services
from grants.models import AuditLog, Programme
from organisations.models import Membership
from tests.factories.grants import AgreementFactory, ProgrammeFactory
from tests.factories.organisations import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def form_data(**changes):
    data = {
        "field": Programme.Field.DIGITALIZATION,
        "title_ar": "برنامج الرقمنة",
        "title_fr": "Programme de digitalisation",
        "year": "2025",
        "strategy_reference": "Nassij",
        "themes_text": "cybersécurité\nmarketing digital",
        "starts_on": "2025-01-01",
        "ends_on": "2026-12-31",
        "beneficiary_rule": Programme.BeneficiaryRule.ATTENDED_SESSION,
        "beneficiary_min_course_share": "0.50",
        "min_target_share_percent": "60",
        "required_documents": ["attendance_sheets", "invoices"],
        "report_due_days": "45",
        "report_reminder_days": "10",
        "plan-TOTAL_FORMS": "4",
        "plan-INITIAL_FORMS": "0",
        "plan-MIN_NUM_FORMS": "0",
        "plan-MAX_NUM_FORMS": "20",
    }
    plan = [("1", "30", "signature"), ("2", "40", "verified"), ("3", "30", "verified")]
    for index, (number, share, trigger) in enumerate(changes.pop("plan", plan)):
        data |= {
            f"plan-{index}-number": number,
            f"plan-{index}-share": share,
            f"plan-{index}-trigger": trigger,
        }
    data.update(changes)
    return data


def test_an_officer_creates_a_programme_with_a_three_tranche_plan(client, funder, officer):
    client.force_login(officer)
    response = client.post(reverse("grants:programme_create"), form_data())
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("grants:programme_detail", args=[programme.pk])
    assert programme.funder == funder
    assert programme.themes == ["cybersécurité", "marketing digital"]
    assert programme.min_target_share == Decimal("0.60")
    assert (programme.report_due_days, programme.report_reminder_days) == (45, 10)
    assert programme.starts_on == datetime.date(2025, 1, 1)
    assert [(i.number, i.share, i.trigger) for i in programme.tranche_plan.all()] == [
        (1, Decimal("30.00"), "signature"),
        (2, Decimal("40.00"), "verified"),
        (3, Decimal("30.00"), "verified"),
    ]
    assert AuditLog.objects.filter(action="programme.created", actor=officer).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Programme de digitalisation" in page


def test_shares_not_adding_up_to_100_are_refused_and_nothing_is_written(client, officer):
    client.force_login(officer)
    plan = [("1", "50", "signature"), ("2", "40", "verified")]
    response = client.post(reverse("grants:programme_create"), form_data(plan=plan))
    assert response.status_code == 200
    assert "must add up to 100%" in response.content.decode()
    assert not Programme.objects.exists()


def test_tranches_must_be_numbered_from_one(client, officer):
    client.force_login(officer)
    plan = [("1", "50", "signature"), ("3", "50", "verified")]
    response = client.post(reverse("grants:programme_create"), form_data(plan=plan))
    assert "numbered 1, 2, 3" in response.content.decode()
    assert not Programme.objects.exists()


def test_a_half_filled_tranche_row_is_refused(client, officer):
    client.force_login(officer)
    plan = [("1", "100", "signature"), ("2", "", "")]
    response = client.post(reverse("grants:programme_create"), form_data(plan=plan))
    assert "number, share and release" in response.content.decode()
    assert not Programme.objects.exists()


def test_a_period_ending_before_it_starts_is_refused(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("grants:programme_create"),
        form_data(starts_on="2026-01-01", ends_on="2025-01-01"),
    )
    assert "end date is before the start date" in response.content.decode()
    assert not Programme.objects.exists()


def test_the_officer_edits_the_programme_and_its_plan_before_any_tranche(client, funder, officer):
    programme = ProgrammeFactory(funder=funder)
    client.force_login(officer)
    response = client.post(
        reverse("grants:programme_edit", args=[programme.pk]),
        form_data(title_fr="Nouveau titre", year="2031"),
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.title_fr == "Nouveau titre"
    assert programme.tranche_plan.count() == 3
    entry = AuditLog.objects.get(action="programme.updated")
    assert entry.before["title_fr"] != entry.after["title_fr"]


def test_the_plan_cannot_change_once_tranches_exist(client, funder, officer):
    programme = ProgrammeFactory(funder=funder)
    services.agreement_tranches_create(agreement=AgreementFactory(programme=programme))
    client.force_login(officer)
    response = client.post(
        reverse("grants:programme_edit", args=[programme.pk]),
        form_data(year="2031"),
    )
    assert response.status_code == 200
    assert "can no longer change" in response.content.decode()
    assert programme.tranche_plan.count() == 2
    with pytest.raises(ValidationError):
        services.programme_update(
            programme=programme,
            by=officer,
            tranche_plan=[(1, Decimal("100"), "signature")],
        )


def test_other_settings_still_change_once_tranches_exist(funder, officer):
    programme = ProgrammeFactory(funder=funder)
    services.agreement_tranches_create(agreement=AgreementFactory(programme=programme))
    plan = [(i.number, i.share, i.trigger) for i in programme.tranche_plan.all()]
    services.programme_update(
        programme=programme, by=officer, tranche_plan=plan, report_due_days=60
    )
    programme.refresh_from_db()
    assert programme.report_due_days == 60


def test_a_period_leaving_an_agreement_outside_is_refused(funder, officer):
    programme = ProgrammeFactory(funder=funder)
    AgreementFactory(programme=programme, reference="OUT-1")  # 2024-01-15 to 2025-07-15
    with pytest.raises(ValidationError, match="OUT-1"):
        services.programme_update(
            programme=programme, by=officer, starts_on=datetime.date(2024, 6, 1)
        )
    programme.refresh_from_db()
    assert programme.starts_on is None


@pytest.mark.parametrize("role", [Membership.Role.FINANCE, Membership.Role.AUDITOR])
def test_finance_and_auditors_read_programmes_but_do_not_create_or_edit_them(client, funder, role):
    programme = ProgrammeFactory(funder=funder)
    user = member_of(funder, role)
    client.force_login(user)
    assert client.get(reverse("grants:programme_list")).status_code == 200
    assert client.get(reverse("grants:programme_detail", args=[programme.pk])).status_code == 200
    assert client.get(reverse("grants:programme_edit", args=[programme.pk])).status_code == 403
    client.post(reverse("grants:programme_create"), form_data())
    assert Programme.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.programme_create(
            funder=funder, field="digital", title_ar="x", title_fr="x", year=2030, by=user
        )


def test_association_staff_and_other_funders_see_no_programme(client, funder, association_admin):
    programme = ProgrammeFactory(funder=funder)
    client.force_login(association_admin)
    assert client.get(reverse("grants:programme_list")).status_code == 403
    stranger = member_of(OrganisationFactory(funder=True), Membership.Role.OFFICER)
    client.force_login(stranger)
    assert client.get(reverse("grants:programme_detail", args=[programme.pk])).status_code == 404
    assert client.get(reverse("grants:programme_edit", args=[programme.pk])).status_code == 404
    assert programme not in client.get(reverse("grants:programme_list")).context["programmes"]


def test_the_programme_page_shows_each_agreements_tranche_plan(client, funder, officer):
    programme = ProgrammeFactory(funder=funder)
    agreement = AgreementFactory(programme=programme, reference="SHOW-1")
    services.agreement_tranches_create(agreement=agreement)
    client.force_login(officer)
    page = client.get(reverse("grants:programme_detail", args=[programme.pk])).content.decode()
    assert "SHOW-1" in page
    assert "1: 50.00%" in page and "2: 50.00%" in page
