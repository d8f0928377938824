"""What changes an agreement after signature (amendments), its budget, and the imports that
created agreements in bulk."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.append_only import AppendOnlyModel
from core.storage import get_private_storage

from .programmes import Agreement


def _amendment_upload_to(instance, filename):
    return (
        f"grants/agreements/{instance.agreement.reference}/amendment-{instance.number}/{filename}"
    )


class AgreementAmendment(AppendOnlyModel):
    """A signed change of an agreement's amount, dates or targets. Amendments are never edited:
    each keeps the values before and after, so every earlier version stays readable, and the
    agreement row holds the values of the latest one (``Agreement.version``)."""

    append_only_message = _("A signed amendment cannot be changed; sign a new one.")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="amendments", verbose_name=_("agreement")
    )
    number = models.PositiveSmallIntegerField(_("amendment number"))
    signed_on = models.DateField(_("signed on"))
    reason = models.TextField(_("reason"))
    # {"amount": "…", "starts_on": "…", "ends_on": "…", "targets": {…}}, as text and numbers.
    values_before = models.JSONField(_("before"), default=dict)
    values_after = models.JSONField(_("after"), default=dict)
    document = models.FileField(
        _("signed amendment"), upload_to=_amendment_upload_to, storage=get_private_storage
    )
    document_name = models.CharField(_("file name"), max_length=255)
    document_sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="amendment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.reference} · {self.number}"


class BudgetLine(models.Model):
    """One line of an agreement's budget: a category of the programme and an amount."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        related_name="budget_lines",
        verbose_name=_("agreement"),
    )
    category = models.CharField(_("budget category"), max_length=40)
    label = models.CharField(_("label"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount (MAD)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["agreement", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "category", "label"], name="budget_line_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.label or self.category


class AgreementImport(AppendOnlyModel):
    """One confirmed bulk import of agreements (CSV or XLSX): which file, by whom, what it did.
    The same file imported again is recognised by its SHA-256 and its rows change nothing."""

    append_only_message = _("An import record cannot be changed.")

    programme = models.ForeignKey(
        "grants.Programme", on_delete=models.PROTECT, related_name="imports"
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("agreements created"), default=0)
    unchanged = models.PositiveIntegerField(_("rows already imported"), default=0)
    associations_created = models.PositiveIntegerField(_("associations created"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        verbose_name = _("agreement import")
        verbose_name_plural = _("agreement imports")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d})"


def _bank_document_upload_to(instance, filename):
    return f"grants/agreements/{instance.agreement.reference}/bank/{filename}"


class BankDetailsChange(AppendOnlyModel):
    """A change of the account an agreement's tranches are paid into, with the bank's
    certificate that supports it. Never edited: the agreement holds the details of the latest
    one, and the history of accounts stays (the RIBs encrypted, like the agreement's)."""

    append_only_message = _("A change of bank details cannot be changed; record a new one.")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        related_name="bank_details_changes",
        verbose_name=_("agreement"),
    )
    bank_name = models.CharField(_("bank"), max_length=100)
    rib_encrypted = models.TextField(_("RIB (encrypted)"), editable=False)
    rib_last4 = models.CharField(_("RIB, last four digits"), max_length=4)
    previous_rib_last4 = models.CharField(
        _("previous RIB, last four digits"), max_length=4, blank=True
    )
    document = models.FileField(
        _("bank certificate"), upload_to=_bank_document_upload_to, storage=get_private_storage
    )
    document_name = models.CharField(_("file name"), max_length=255)
    document_sha256 = models.CharField(max_length=64)
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("change of bank details")
        verbose_name_plural = _("changes of bank details")
        ordering = ["agreement", "-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.agreement.reference} · {self.changed_at:%Y-%m-%d}"

    @property
    def rib_masked(self) -> str:
        return f"•••• •••• {self.rib_last4}"
