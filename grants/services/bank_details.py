"""Bank details: the account an agreement's tranches are paid into. The RIB is encrypted at
rest (``Agreement.rib``); finance alone sees it in full, one logged display at a time; a new
account is recorded by the programme officer with the bank's certificate, and finance is told."""

from __future__ import annotations

from django.core import checks
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.signals import data_exported
from notifications.registry import register_kind
from notifications.services import notify
from organisations import permissions
from organisations.models import Membership

from ..audit import audit_record
from ..files import check_document
from ..models import BANK_DETAILS_CIPHER, Agreement, BankDetailsChange, validate_rib

CHANGED_KIND = "grants.bank_details_changed"


@checks.register(checks.Tags.security)
def check_bank_details_key(app_configs=None, **kwargs):
    """A key that is not a Fernet key would only fail at the first payment: say it at start."""
    if BANK_DETAILS_CIPHER.configured():
        return []
    return [
        checks.Error(
            "BANK_DETAILS_ENCRYPTION_KEY is not a valid Fernet key (or a list of them).",
            hint="Generate one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'",
            id="grants.E001",
        )
    ]


def register() -> None:
    register_kind(
        CHANGED_KIND,
        subject=lambda p: (
            _("New bank details for %(reference)s: the RIB now ends in %(last4)s") % p
        ),
    )


@transaction.atomic
def bank_details_reveal(*, agreement: Agreement, by, request=None) -> str:
    """The full RIB for finance: each call is one display, in the grants audit log and (with
    the web request) the security log."""
    if not permissions.can_see_bank_details(by, agreement):
        raise PermissionDenied(_("Only the funder's finance staff see the full RIB."))
    audit_record(
        actor=by,
        action="bank_details.viewed",
        obj=agreement,
        after={"rib_last4": agreement.rib_last4},
    )
    data_exported(request, "grants.bank_details", agreement=agreement.pk)
    return agreement.rib


@transaction.atomic
def bank_certificate_download_record(*, change: BankDetailsChange, by, request=None) -> None:
    """The bank's certificate shows the full RIB: each download is logged like a display."""
    agreement = change.agreement
    if not (
        permissions.can_change_bank_details(by, agreement)
        or permissions.can_see_bank_details(by, agreement)
    ):
        raise PermissionDenied(_("Only the programme officer and finance open this certificate."))
    audit_record(
        actor=by,
        action="bank_details.certificate_downloaded",
        obj=agreement,
        after={"change": change.pk, "rib_last4": change.rib_last4},
    )
    data_exported(request, "grants.bank_certificate", agreement=agreement.pk, change=change.pk)


def _finance_staff(agreement) -> list:
    from accounts.models import User

    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=agreement.programme.funder_id,
            memberships__role=Membership.Role.FINANCE,
        )
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def bank_details_change(
    *, agreement: Agreement, by, bank_name: str, rib: str, document, reason: str
) -> BankDetailsChange:
    """Record a new account for ``agreement``: the bank, the RIB (checked: 24 digits, right
    key), the bank's certificate (PDF, JPEG or PNG through the upload gate) and the reason.
    The audit log keeps the last four digits only."""
    if not permissions.can_change_bank_details(by, agreement):
        raise PermissionDenied(_("Only the programme officer records new bank details."))
    bank_name = " ".join((bank_name or "").split())
    reason = (reason or "").strip()
    rib = "".join((rib or "").split())
    errors = {}
    if not bank_name:
        errors["bank_name"] = _("Name the bank.")
    elif len(bank_name) > 100:
        errors["bank_name"] = _("The bank's name has at most 100 characters.")
    try:
        validate_rib(rib)
    except ValidationError as error:
        errors["rib"] = error.messages
    if not reason:
        errors["reason"] = _("Say why the bank details change.")
    if not document:
        errors["document"] = _("Attach the bank's certificate of the new account.")
    if errors:
        raise ValidationError(errors)
    checked = check_document(document)
    current = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if current.rib_encrypted and current.rib == rib and current.bank_name == bank_name:
        raise ValidationError(
            {"rib": _("These are already the agreement's bank details.")}, code="unchanged"
        )
    before = {"bank_name": current.bank_name, "rib_last4": current.rib_last4}
    current.bank_name = bank_name
    current.rib = rib
    current.save(update_fields=["bank_name", "rib_encrypted", "rib_last4"])
    change = BankDetailsChange.objects.create(
        agreement=current,
        bank_name=bank_name,
        rib_encrypted=current.rib_encrypted,
        rib_last4=current.rib_last4,
        previous_rib_last4=before["rib_last4"],
        document=checked.file,
        document_name=checked.original_name,
        document_sha256=checked.sha256,
        reason=reason,
        changed_by=by,
    )
    audit_record(
        actor=by,
        action="bank_details.changed",
        obj=current,
        before=before,
        after={
            "bank_name": bank_name,
            "rib_last4": current.rib_last4,
            "document_sha256": checked.sha256,
            "reason": reason,
            "change": change.pk,
        },
    )
    notify(
        recipients=_finance_staff(current),
        kind=CHANGED_KIND,
        params={"reference": current.reference, "last4": current.rib_last4},
        link=("grants:agreement_detail", [current.pk]),
        key=f"bank-details-{change.pk}",
    )
    for name in ("bank_name", "rib_encrypted", "rib_last4"):
        setattr(agreement, name, getattr(current, name))
    return change
