"""The signed convention of an agreement, and its amendments: versioned, signed changes of
the amount, dates or targets. An amendment is never edited; it keeps the values before and
after, so every earlier version of the agreement stays readable."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.uploads import check_upload
from core.uploads.kinds import PDF
from organisations import permissions

from ..audit import audit_record
from ..models import TARGETS, Agreement, AgreementAmendment, Tranche
from .programmes import agreement_terms_check

CENTIME = Decimal("0.01")
# Tranches whose amount is settled: they keep it when an amendment changes the total.
SETTLED = {Tranche.Status.PAID, Tranche.Status.CLEARED}


def _check(by, agreement) -> None:
    if not permissions.can_manage_programmes(by, agreement.programme.funder):
        raise PermissionDenied(_("Only the funder's programme officers change an agreement."))


def signed_pdf(upload):
    """A signed document: a PDF through the upload gate (parsed, no scripts)."""
    checked = check_upload(upload, kind="document")
    if checked.content_type != PDF:
        raise ValidationError(_("The signed document must be a PDF file."), code="not_pdf")
    return checked


@transaction.atomic
def agreement_convention_attach(*, agreement, by, upload) -> Agreement:
    """Store the signed convention (a PDF). A new file replaces the one shown; the audit log
    keeps the SHA-256 of each."""
    _check(by, agreement)
    checked = signed_pdf(upload)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    before = {
        "signed_convention_name": agreement.signed_convention_name,
        "signed_convention_sha256": agreement.signed_convention_sha256,
    }
    agreement.signed_convention.save(checked.file.name, checked.file, save=False)
    agreement.signed_convention_name = checked.original_name
    agreement.signed_convention_sha256 = checked.sha256
    agreement.save(
        update_fields=["signed_convention", "signed_convention_name", "signed_convention_sha256"]
    )
    audit_record(
        actor=by,
        action="agreement.convention_attached",
        obj=agreement,
        before=before,
        after={
            "signed_convention_name": checked.original_name,
            "signed_convention_sha256": checked.sha256,
        },
    )
    return agreement


def amendment_values(agreement) -> dict:
    """The terms an amendment may change, as text and numbers (the JSON it stores)."""
    return {
        "amount": str(agreement.amount),
        "starts_on": agreement.starts_on.isoformat(),
        "ends_on": agreement.ends_on.isoformat(),
        "targets": agreement.targets(),
    }


def _spread(total: Decimal, tranches: list[Tranche]) -> list[Decimal]:
    """``total`` shared among ``tranches`` in proportion to their plan shares, to the centime;
    the last takes the remainder."""
    shares = sum(t.share for t in tranches)
    amounts = [
        (total * t.share / shares).quantize(CENTIME, rounding=ROUND_HALF_UP) for t in tranches
    ]
    amounts[-1] = total - sum(amounts[:-1])
    return amounts


def _retranche(agreement, amount: Decimal) -> list[dict]:
    """New amounts for the tranches not yet paid; refused if the paid ones exceed ``amount``."""
    tranches = list(agreement.tranches.select_for_update().order_by("number"))
    if not tranches:
        return []
    settled = sum((t.amount for t in tranches if t.status in SETTLED), Decimal("0"))
    open_ = [t for t in tranches if t.status not in SETTLED]
    if amount < settled or (not open_ and amount != settled):
        raise ValidationError(
            _(
                "%(paid)s MAD is already paid: the amount cannot be less, nor change once every "
                "tranche is paid."
            )
            % {"paid": settled},
            code="amount_below_paid",
        )
    changes = []
    for tranche, new in zip(open_, _spread(amount - settled, open_) if open_ else [], strict=True):
        if new <= 0:
            raise ValidationError(
                _("The amount left after the payments cannot fund the remaining tranches."),
                code="amount_below_paid",
            )
        if new != tranche.amount:
            changes.append({"number": tranche.number, "before": tranche.amount, "after": new})
            tranche.amount = new
            tranche.save(update_fields=["amount"])
    return changes


@transaction.atomic
def agreement_amend(
    *,
    agreement,
    by,
    signed_on,
    reason,
    document,
    amount=None,
    starts_on=None,
    ends_on=None,
    targets=None,
) -> AgreementAmendment:
    """Record a signed amendment: the agreement takes the new amount, dates or targets (what
    is None stays), its version becomes the amendment's number, the tranches not yet paid share
    the new amount by the plan."""
    _check(by, agreement)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the agreement is amended."), code="reason_required")
    if signed_on is None:
        raise ValidationError(_("Enter the date the amendment was signed."), code="signed_on")
    agreement = (
        Agreement.objects.select_for_update().select_related("programme").get(pk=agreement.pk)
    )
    if signed_on < agreement.signed_on:
        raise ValidationError(
            _("The amendment cannot be signed before the agreement."), code="signed_on"
        )
    before = amendment_values(agreement)
    new_amount = agreement.amount if amount is None else amount
    new_starts = starts_on or agreement.starts_on
    new_ends = ends_on or agreement.ends_on
    agreement_terms_check(
        programme=agreement.programme, amount=new_amount, starts_on=new_starts, ends_on=new_ends
    )
    known = {key for key, _label in TARGETS}
    for key, value in (targets or {}).items():
        if key not in known:
            raise ValidationError(_("Unknown target."), code="target_unknown")
        if value is None or int(value) < 0:
            raise ValidationError(_("A target is a whole number, 0 or more."), code="target")
    agreement.amount = Decimal(new_amount)
    agreement.starts_on = new_starts
    agreement.ends_on = new_ends
    for key, value in (targets or {}).items():
        setattr(agreement, f"target_{key}", int(value))
    after = amendment_values(agreement)
    if after == before:
        raise ValidationError(
            _("This amendment changes nothing: change the amount, a date or a target."),
            code="amendment_empty",
        )
    checked = signed_pdf(document)
    tranche_changes = (
        _retranche(agreement, agreement.amount) if after["amount"] != before["amount"] else []
    )
    agreement.version += 1
    agreement.full_clean()
    agreement.save(
        update_fields=[
            "amount",
            "starts_on",
            "ends_on",
            "version",
            *(f"target_{key}" for key, _label in TARGETS),
        ]
    )
    amendment = AgreementAmendment(
        agreement=agreement,
        number=agreement.version,
        signed_on=signed_on,
        reason=reason,
        values_before=before,
        values_after=after,
        document_name=checked.original_name,
        document_sha256=checked.sha256,
        created_by=by,
    )
    amendment.document.save(checked.file.name, checked.file, save=False)
    amendment.save()
    audit_record(
        actor=by,
        action="agreement.amended",
        obj=agreement,
        before=before,
        after={**after, "amendment": amendment.number, "tranches": tranche_changes},
    )
    return amendment
