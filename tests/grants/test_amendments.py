"""Amendments (versioned, signed changes of the amount, dates or targets, earlier versions kept
readable) and the signed convention: uploads through the gate, downloads by who may see."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from grants import services
from grants.models import AgreementAmendment, AuditLog, Tranche
from organisations.models import Membership
from tests.factories.organisations import OrganisationFactory, member_of

from .helpers import PNG, pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def amend(agreement, by, **changes):
    values = {
        "signed_on": datetime.date(2024, 6, 1),
        "reason": "Extension of the project",
        "document": pdf_file("amendment.pdf"),
    }
    values.update(changes)
    return services.agreement_amend(agreement=agreement, by=by, **values)


def test_an_amendment_changes_the_terms_and_keeps_the_earlier_version(agreement, officer):
    amendment = amend(
        agreement,
        officer,
        amount=Decimal("240000"),
        ends_on=datetime.date(2025, 12, 31),
        targets={"sessions": 12},
    )
    agreement.refresh_from_db()
    assert (amendment.number, agreement.version) == (1, 1)
    assert agreement.amount == Decimal("240000")
    assert agreement.ends_on == datetime.date(2025, 12, 31)
    assert agreement.target_sessions == 12
    assert amendment.values_before["amount"] == "200000.00"
    assert amendment.values_before["ends_on"] == "2025-07-15"
    assert amendment.values_before["targets"]["sessions"] == 10
    assert amendment.values_after["amount"] == "240000"
    assert amendment.document_sha256
    assert AuditLog.objects.filter(action="agreement.amended", actor=officer).exists()

    second = amend(agreement, officer, targets={"certificates": 150})
    assert second.number == 2
    assert AgreementAmendment.objects.get(number=1).values_after["targets"]["certificates"] == 100


def test_a_new_amount_is_shared_by_the_tranches_not_yet_paid(agreement, officer, finance):
    first, second = services.agreement_tranches_create(agreement=agreement)
    services.tranche_payment_record(
        tranche=first, by=finance, paid_on=datetime.date(2024, 1, 10), reference="VIR-1"
    )
    amend(agreement, officer, amount=Decimal("260000"))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.amount == Decimal("100000.00")  # paid: unchanged
    assert second.amount == Decimal("160000.00")


def test_the_amount_cannot_fall_below_what_is_paid(agreement, officer, finance):
    first, _second = services.agreement_tranches_create(agreement=agreement)
    services.tranche_payment_record(
        tranche=first, by=finance, paid_on=datetime.date(2024, 1, 10), reference="VIR-1"
    )
    with pytest.raises(ValidationError, match="already paid"):
        amend(agreement, officer, amount=Decimal("90000"))
    agreement.refresh_from_db()
    assert (agreement.amount, agreement.version) == (Decimal("200000.00"), 0)
    assert not AgreementAmendment.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": Decimal("0")}, "positive amount in MAD"),
        ({"ends_on": datetime.date(2023, 1, 1)}, "end date is before the start date"),
        ({"reason": ""}, "Say why"),
        ({}, "changes nothing"),
        ({"amount": Decimal("1"), "signed_on": datetime.date(2023, 1, 1)}, "before the agreement"),
    ],
)
def test_a_bad_amendment_is_refused_and_writes_nothing(agreement, officer, changes, message):
    with pytest.raises(ValidationError, match=message):
        amend(agreement, officer, **changes)
    agreement.refresh_from_db()
    assert agreement.version == 0
    assert not AgreementAmendment.objects.exists()


def test_an_amendment_outside_the_programmes_period_is_refused(agreement, officer):
    programme = agreement.programme
    programme.ends_on = datetime.date(2025, 12, 31)
    programme.save()
    with pytest.raises(ValidationError, match="ends after its programme"):
        amend(agreement, officer, ends_on=datetime.date(2026, 6, 30))


def test_the_signed_amendment_must_be_a_pdf(agreement, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError, match="must be a PDF"):
        amend(
            agreement,
            officer,
            amount=Decimal("1000"),
            document=SimpleUploadedFile("scan.png", PNG, content_type="image/png"),
        )
    with pytest.raises(ValidationError):
        amend(
            agreement,
            officer,
            amount=Decimal("1000"),
            document=SimpleUploadedFile("scan.pdf", b"<html>not a pdf</html>"),
        )
    assert not AgreementAmendment.objects.exists()


@pytest.mark.parametrize("role", [Membership.Role.FINANCE, Membership.Role.AUDITOR])
def test_only_officers_amend(agreement, funder, role):
    with pytest.raises(PermissionDenied):
        amend(agreement, member_of(funder, role), amount=Decimal("1000"))


def test_the_amendment_page_and_the_panel(client, agreement, officer):
    client.force_login(officer)
    response = client.post(
        reverse("grants:amendment_create", args=[agreement.pk]),
        {
            "signed_on": "2024-06-01",
            "reason": "Une session de plus",
            "amount": "210000",
            "starts_on": "2024-01-15",
            "ends_on": "2025-07-15",
            "target_sessions": "11",
            "target_beneficiaries": "200",
            "target_member_associations": "5",
            "target_certificates": "100",
            "document": pdf_file("avenant.pdf"),
        },
    )
    assert response.status_code == 302
    amendment = AgreementAmendment.objects.get()
    page = client.get(reverse("grants:agreement_detail", args=[agreement.pk])).content.decode()
    assert "Une session de plus" in page
    assert "200000.00" in page and "210000" in page  # before and after
    assert reverse("grants:amendment_download", args=[amendment.pk]) in page


def test_the_amendment_page_refuses_a_missing_document(client, agreement, officer):
    client.force_login(officer)
    response = client.post(
        reverse("grants:amendment_create", args=[agreement.pk]),
        {"signed_on": "2024-06-01", "reason": "x", "amount": "210000"},
    )
    assert response.status_code == 200
    assert not AgreementAmendment.objects.exists()


def test_amendment_documents_are_downloaded_by_who_sees_the_agreement(
    client, agreement, officer, association_admin, auditor
):
    amendment = amend(agreement, officer, amount=Decimal("210000"))
    url = reverse("grants:amendment_download", args=[amendment.pk])
    for user in (officer, association_admin, auditor):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
    stranger = member_of(OrganisationFactory(funder=True), Membership.Role.OFFICER)
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_the_signed_convention_is_uploaded_and_downloaded(
    client, agreement, officer, association_admin
):
    client.force_login(officer)
    response = client.post(
        reverse("grants:convention_upload", args=[agreement.pk]),
        {"document": pdf_file("convention signée.pdf")},
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.signed_convention_name == "convention signée.pdf"
    assert len(agreement.signed_convention_sha256) == 64
    assert AuditLog.objects.filter(action="agreement.convention_attached").exists()
    client.force_login(association_admin)
    response = client.get(reverse("grants:convention_download", args=[agreement.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_convention_that_is_not_a_pdf_is_refused(client, agreement, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    response = client.post(
        reverse("grants:convention_upload", args=[agreement.pk]),
        {"document": SimpleUploadedFile("convention.pdf", PNG)},
    )
    assert response.status_code == 200
    agreement.refresh_from_db()
    assert not agreement.signed_convention


def test_the_association_may_not_upload_the_convention(client, agreement, association_admin):
    client.force_login(association_admin)
    response = client.post(
        reverse("grants:convention_upload", args=[agreement.pk]),
        {"document": pdf_file("convention.pdf")},
    )
    assert response.status_code == 403
    agreement.refresh_from_db()
    assert not agreement.signed_convention
    assert Tranche.objects.count() == 0
