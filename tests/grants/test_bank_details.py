"""Bank details: the RIB encrypted at rest, shown in full to finance alone and each display
logged; a new account recorded with the bank's certificate and audited without its digits."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import translation

from core.append_only import AppendOnlyError
from grants.models import Agreement, AuditLog, BankDetailsChange, rib_with_key
from grants.services import agreement_create
from grants.services.bank_details import bank_details_change, bank_details_reveal
from notifications.models import Notification
from organisations import permissions
from security.models import SecurityEvent
from tests.factories.grants import AgreementFactory

from .helpers import PDF, pdf_file

pytestmark = pytest.mark.django_db

NEW_RIB = rib_with_key("1810000123456789012345")


def _raw_columns(agreement) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM grants_agreement WHERE id = %s", [agreement.pk])
        return " ".join(str(value) for value in cursor.fetchone())


def test_the_rib_column_holds_no_readable_digits(agreement):
    rib = agreement.rib
    assert len(rib) == 24
    raw = _raw_columns(agreement)
    assert not re.search(r"\d{24}", raw)
    assert rib not in raw and rib[:22] not in raw and rib[6:22] not in raw
    assert agreement.rib_last4 == rib[-4:]
    assert Agreement.objects.get(pk=agreement.pk).rib == rib


def test_the_agreement_service_and_the_model_take_the_rib_in_clear(programme, trainer_association):
    rib = rib_with_key("0110000999988887777666")
    agreement = agreement_create(
        programme=programme,
        association=trainer_association,
        reference="AG-RIB-1",
        project_title_ar="م",
        project_title_fr="P",
        signed_on="2024-01-01",
        starts_on="2024-01-02",
        ends_on="2024-12-31",
        amount="1000",
        rib=" ".join([rib[:6], rib[6:]]),
    )
    agreement.refresh_from_db()
    assert agreement.rib == rib
    assert agreement.rib_masked == f"•••• •••• {rib[-4:]}"
    assert Agreement(rib="").rib_masked == ""


@pytest.mark.parametrize(
    ("rib", "message"),
    [("12345", "exactly 24 digits"), ("0110000999988887777666" + "00", "check key is wrong")],
)
def test_a_wrong_rib_is_refused_on_its_field(programme, trainer_association, rib, message):
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            Agreement(programme=programme, association=trainer_association, rib=rib)
        assert message in error.value.message_dict["rib"][0]


def test_only_finance_may_see_the_full_rib(
    agreement, finance, officer, auditor, association_admin, admin_user
):
    assert permissions.can_see_bank_details(finance, agreement)
    for user in (officer, auditor, association_admin, admin_user):
        assert not permissions.can_see_bank_details(user, agreement), user
        with pytest.raises(PermissionDenied):
            bank_details_reveal(agreement=agreement, by=user)
    assert not AuditLog.objects.filter(action="bank_details.viewed").exists()


def test_each_full_display_is_logged_in_the_security_log(client, agreement, finance):
    client.force_login(finance)
    url = reverse("grants:bank_details_reveal", args=[agreement.pk])
    for expected in (1, 2):
        response = client.post(url)
        assert response.status_code == 200
        assert agreement.rib[6:22] in response.content.decode()
        assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
        events = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.DATA_EXPORTED, actor=finance)
        assert events.count() == expected
        assert events.first().details["scope"] == "grants.bank_details"
        assert AuditLog.objects.filter(action="bank_details.viewed", actor=finance).count() == (
            expected
        )


def test_the_full_rib_is_never_shown_by_a_get_or_to_other_roles(
    client, agreement, finance, officer, association_admin, other_association_admin
):
    url = reverse("grants:bank_details_reveal", args=[agreement.pk])
    client.force_login(finance)
    assert client.get(url).status_code == 405
    for user, status in ((officer, 403), (association_admin, 403), (other_association_admin, 404)):
        client.force_login(user)
        assert client.post(url).status_code == status
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.DATA_EXPORTED).exists()


def test_the_agreement_and_payment_pages_show_the_rib_masked_with_the_button_for_finance(
    client, tranches, agreement, finance
):
    client.force_login(finance)
    for url in (
        agreement.get_absolute_url(),
        reverse("grants:tranche_payment", args=[tranches[0].pk]),
    ):
        content = client.get(url).content.decode()
        assert agreement.rib not in content
        assert f"•••• •••• {agreement.rib_last4}" in content
        assert reverse("grants:bank_details_reveal", args=[agreement.pk]) in content
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.DATA_EXPORTED).exists()


def _change(agreement, by, **overrides):
    values = {
        "bank_name": "Banque Populaire",
        "rib": NEW_RIB,
        "document": pdf_file("attestation-rib.pdf"),
        "reason": "Compte transféré à la nouvelle agence",
        **overrides,
    }
    return bank_details_change(agreement=agreement, by=by, **values)


def test_the_officer_records_new_bank_details_with_the_certificate(agreement, officer, finance):
    old_last4 = agreement.rib_last4
    change = _change(agreement, officer)
    agreement.refresh_from_db()
    assert agreement.rib == NEW_RIB and agreement.bank_name == "Banque Populaire"
    assert (change.rib_last4, change.previous_rib_last4) == (NEW_RIB[-4:], old_last4)
    assert change.document_sha256 and change.document.read() == PDF
    entry = AuditLog.objects.get(action="bank_details.changed")
    assert entry.before == {"bank_name": "Banque d'essai", "rib_last4": old_last4}
    assert entry.after["rib_last4"] == NEW_RIB[-4:]
    # No run of the RIB's digits anywhere in the entry, nor in the change's row.
    logged = str(entry.before) + str(entry.after)
    assert NEW_RIB[:20] not in logged and not re.search(r"\d{12}", logged)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM grants_bankdetailschange")
        assert NEW_RIB not in " ".join(str(v) for v in cursor.fetchone())
    # Finance, who pays, is told.
    assert Notification.objects.filter(recipient=finance).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"rib": "1810000123456789012340"}, "rib"),
        ({"rib": NEW_RIB[:-2] + "00"}, "rib"),
        ({"document": None}, "document"),
        ({"reason": "  "}, "reason"),
        ({"bank_name": ""}, "bank_name"),
    ],
)
def test_a_bad_change_is_refused_and_nothing_is_written(agreement, officer, overrides, field):
    before = agreement.rib
    with pytest.raises(ValidationError) as error:
        _change(agreement, officer, **overrides)
    assert field in error.value.message_dict
    agreement.refresh_from_db()
    assert agreement.rib == before
    assert not BankDetailsChange.objects.exists()
    assert not AuditLog.objects.filter(action="bank_details.changed").exists()


def test_a_certificate_that_is_not_a_document_is_refused(agreement, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("rib.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        _change(agreement, officer, document=fake)
    assert not BankDetailsChange.objects.exists()


def test_only_the_officer_records_new_bank_details(
    client, agreement, finance, association_admin, auditor
):
    url = reverse("grants:bank_details_change", args=[agreement.pk])
    for user in (finance, association_admin, auditor):
        with pytest.raises(PermissionDenied):
            _change(agreement, user)
        client.force_login(user)
        assert client.get(url).status_code == 403
    assert not BankDetailsChange.objects.exists()


def test_the_officer_records_new_bank_details_through_the_page(client, agreement, officer):
    client.force_login(officer)
    url = reverse("grants:bank_details_change", args=[agreement.pk])
    assert client.get(url).status_code == 200
    with translation.override("fr"):
        response = client.post(
            url, {"bank_name": "CIH", "rib": "1234", "reason": "x", "document": pdf_file()}
        )
    assert response.status_code == 400
    assert response.context["form"].errors["rib"]
    assert not BankDetailsChange.objects.exists()
    response = client.post(
        url,
        {
            "bank_name": "CIH",
            "rib": " ".join([NEW_RIB[:3], NEW_RIB[3:6], NEW_RIB[6:22], NEW_RIB[22:]]),
            "reason": "Nouveau compte",
            "document": pdf_file(),
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.rib == NEW_RIB


def test_a_change_is_never_edited(agreement, officer):
    change = _change(agreement, officer)
    change.reason = "autre"
    with pytest.raises(AppendOnlyError):
        change.save()


def test_the_certificate_is_downloaded_by_finance_and_the_download_logged(
    client, agreement, officer, finance, association_admin
):
    change = _change(agreement, officer)
    url = reverse("grants:bank_certificate_download", args=[change.pk])
    client.force_login(association_admin)
    assert client.get(url).status_code == 403
    client.force_login(finance)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert (
        SecurityEvent.objects.filter(
            kind=SecurityEvent.Kind.DATA_EXPORTED, details__scope="grants.bank_certificate"
        ).count()
        == 1
    )


def test_the_agreement_page_lists_the_changes_to_officer_and_finance_only(
    client, agreement, officer, finance, association_admin
):
    _change(agreement, officer)
    client.force_login(finance)
    assert "Compte transféré" in client.get(agreement.get_absolute_url()).content.decode()
    client.force_login(association_admin)
    content = client.get(agreement.get_absolute_url()).content.decode()
    assert "Compte transféré" not in content


def test_a_factory_agreement_stores_its_rib_encrypted_too():
    agreement = AgreementFactory()
    assert agreement.rib_encrypted.startswith("gAAAA")
    assert agreement.rib not in _raw_columns(agreement)


def test_a_bank_details_key_that_is_not_a_fernet_key_fails_the_system_check(settings):
    from grants.services.bank_details import check_bank_details_key

    assert check_bank_details_key() == []
    settings.BANK_DETAILS_ENCRYPTION_KEY = "not-a-key"
    assert [error.id for error in check_bank_details_key()] == ["grants.E001"]


def test_the_history_names_each_bank_details_step(agreement, officer, finance):
    _change(agreement, officer)
    bank_details_reveal(agreement=agreement, by=finance)
    labels = {entry.action: entry.action_label for entry in AuditLog.objects.all()}
    assert labels["bank_details.changed"] != "bank_details.changed"
    assert labels["bank_details.viewed"] != "bank_details.viewed"
