"""Agreements entered by the funder's officers: the holder association chosen or created on the
fly, the amount, dates, targets and bank details, and everything a form must refuse."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from grants import services
from grants.models import Agreement, AuditLog, Tranche, rib_with_key
from organisations.models import Membership, Organisation, Province
from tests.factories.grants import AgreementFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
RIB = rib_with_key("0117800000555566667777")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def programme(funder):
    return ProgrammeFactory(
        funder=funder, starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2026, 12, 31)
    )


def form_data(**changes):
    data = {
        "reference": "2025-PD-001",
        "association": "",
        "project_title_ar": "مشروع",
        "project_title_fr": "Projet",
        "signed_on": "2025-01-10",
        "starts_on": "2025-02-01",
        "ends_on": "2026-01-31",
        "amount": "180000",
        "target_sessions": "10",
        "target_beneficiaries": "200",
        "target_member_associations": "5",
        "target_certificates": "100",
        "target_women_share_percent": "40",
        "bank_name": "CIH Bank",
        "rib": RIB,
    }
    data.update(changes)
    return data


def _post(client, programme, **changes):
    return client.post(
        reverse("grants:programme_agreement_create", args=[programme.pk]), form_data(**changes)
    )


def test_an_officer_creates_an_agreement_for_an_existing_association(
    client, programme, officer, trainer_association
):
    client.force_login(officer)
    response = _post(client, programme, association=str(trainer_association.pk))
    agreement = Agreement.objects.get(reference="2025-PD-001")
    assert response["Location"] == reverse("grants:agreement_detail", args=[agreement.pk])
    assert agreement.association == trainer_association
    assert agreement.amount == Decimal("180000")
    assert agreement.target_women_share == Decimal("0.40")
    assert agreement.rib == RIB
    # Its tranches follow the plan, the first payable on signature.
    assert [t.status for t in agreement.tranches.order_by("number")] == [
        Tranche.Status.PAYABLE,
        Tranche.Status.PLANNED,
    ]
    assert AuditLog.objects.filter(action="agreement.created", actor=officer).exists()


def test_the_holder_association_is_created_on_the_fly(client, programme, officer):
    province = Province.objects.get(name_fr="Tiznit")
    client.force_login(officer)
    _post(
        client,
        programme,
        new_registration_number="RC-NEW-1",
        new_name_ar="جمعية جديدة",
        new_name_fr="Association nouvelle",
        new_province=str(province.pk),
    )
    association = Organisation.objects.get(registration_number="RC-NEW-1")
    assert association.kind == Organisation.Kind.TRAINER
    assert association.region == province.region
    assert Agreement.objects.get().association == association


def test_a_new_association_needs_its_names_and_province(client, programme, officer):
    client.force_login(officer)
    response = _post(client, programme, new_registration_number="RC-NEW-1")
    assert response.status_code == 200
    assert "fill this in to create it" in response.content.decode()
    assert not Agreement.objects.exists()
    assert not Organisation.objects.filter(registration_number="RC-NEW-1").exists()


def test_a_bad_agreement_does_not_leave_its_new_association_behind(client, programme, officer):
    province = Province.objects.get(name_fr="Tiznit")
    client.force_login(officer)
    response = _post(
        client,
        programme,
        new_registration_number="RC-NEW-1",
        new_name_ar="جمعية",
        new_name_fr="Association",
        new_province=str(province.pk),
        starts_on="2024-06-01",
    )
    assert "starts before its programme" in response.content.decode()
    assert not Organisation.objects.filter(registration_number="RC-NEW-1").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"rib": "011780000055556666777740"}, "check key is wrong"),
        ({"rib": "12345"}, "exactly 24 digits"),
        ({"amount": "0"}, "greater than or equal to 0.01"),
        ({"amount": "-100"}, "greater than or equal to 0.01"),
        ({"amount": "cent mille"}, "Enter a number"),
        ({"starts_on": "2024-12-01"}, "starts before its programme"),
        ({"ends_on": "2027-01-31"}, "ends after its programme"),
        ({"ends_on": "2025-01-15"}, "end date is before the start date"),
    ],
)
def test_the_form_refuses_bad_input_with_a_clear_message(
    client, programme, officer, trainer_association, changes, message
):
    client.force_login(officer)
    response = _post(client, programme, association=str(trainer_association.pk), **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Agreement.objects.exists()
    assert not Tranche.objects.exists()


def test_a_duplicate_reference_is_refused(client, programme, officer, trainer_association):
    AgreementFactory(programme=programme, reference="2025-PD-001")
    client.force_login(officer)
    response = _post(client, programme, association=str(trainer_association.pk))
    assert "already exists" in response.content.decode()
    assert Agreement.objects.count() == 1


def test_the_service_refuses_an_amount_that_is_not_positive(
    programme, officer, trainer_association
):
    values = {
        "programme": programme,
        "association": trainer_association,
        "reference": "S-1",
        "project_title_ar": "م",
        "project_title_fr": "P",
        "signed_on": datetime.date(2025, 1, 1),
        "starts_on": datetime.date(2025, 2, 1),
        "ends_on": datetime.date(2025, 12, 1),
        "by": officer,
    }
    for amount in ("0", "-1", "10.001"):
        with pytest.raises(ValidationError):
            services.agreement_create(amount=Decimal(amount), **values)
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("role", [Membership.Role.FINANCE, Membership.Role.AUDITOR])
def test_finance_and_auditors_may_not_create_or_edit_agreements(
    client, programme, funder, trainer_association, role
):
    from tests.factories.organisations import member_of

    user = member_of(funder, role)
    client.force_login(user)
    response = _post(client, programme, association=str(trainer_association.pk))
    assert response.status_code == 403
    agreement = AgreementFactory(programme=programme)
    assert client.get(reverse("grants:agreement_edit", args=[agreement.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.agreement_update(agreement=agreement, by=user, project_title_fr="X")


def test_the_association_may_not_edit_its_own_agreement(client, agreement, association_admin):
    client.force_login(association_admin)
    response = client.post(
        reverse("grants:agreement_edit", args=[agreement.pk]),
        {"project_title_ar": "x", "project_title_fr": "x", "signed_on": "2023-12-19"},
    )
    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.project_title_fr == "Projet"


def test_the_officer_edits_titles_but_not_the_amount(client, agreement, officer):
    client.force_login(officer)
    response = client.post(
        reverse("grants:agreement_edit", args=[agreement.pk]),
        {
            "project_title_ar": "مشروع جديد",
            "project_title_fr": "Projet renommé",
            "signed_on": "2023-12-19",
            "amount": "1",
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.project_title_fr == "Projet renommé"
    assert agreement.amount == Decimal("200000.00")
    assert AuditLog.objects.filter(action="agreement.updated").exists()
    with pytest.raises(ValidationError, match="signed amendment"):
        services.agreement_update(agreement=agreement, by=officer, amount=Decimal("1"))
