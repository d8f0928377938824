"""Tranches of an agreement and their payment record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .programmes import Agreement, TranchePlanItem


class Tranche(models.Model):
    """One instalment of an agreement. Its status only changes through
    ``grants.services.tranches.tranche_transition`` (the transition table)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        PAYABLE = "payable", _("Payable")
        REQUESTED = "requested", _("Requested")
        UNDER_REVIEW = "under_review", _("Under review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        CLEARED = "cleared", _("Cleared for payment")
        PAID = "paid", _("Paid")
        REJECTED = "rejected", _("Rejected")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="tranches", verbose_name=_("agreement")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    amount = models.DecimalField(_("amount (MAD)"), max_digits=12, decimal_places=2)
    trigger = models.CharField(
        _("released"), max_length=10, choices=TranchePlanItem.Trigger.choices
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cleared for payment by"),
    )
    cleared_at = models.DateTimeField(_("cleared for payment at"), null=True, blank=True)
    # The period whose activities this tranche's request reports on, and when its narrative
    # and financial reports are due (the programme's report schedule; empty for a tranche
    # paid on signature).
    period_starts_on = models.DateField(_("period starts on"), null=True, blank=True)
    period_ends_on = models.DateField(_("period ends on"), null=True, blank=True)
    report_due_on = models.DateField(_("reports due on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payment recorded by"),
    )

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="tranche_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.reference} · {self.number}"

    @property
    def is_on_signature(self) -> bool:
        return self.trigger == TranchePlanItem.Trigger.ON_SIGNATURE
