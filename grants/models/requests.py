"""A tranche request: narrative report, financial report, supporting documents, the evidence
frozen at submission, and the programme officer's reviews.

Each submission is a version; when changes are requested the association works on a new
version and the submitted one stays as it was.
"""

import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.append_only import AppendOnlyModel

from ..storage import get_private_storage
from .programmes import DocumentType
from .tranches import Tranche


def canonical_json(data) -> str:
    """One byte-exact text per content, so its SHA-256 identifies the snapshot."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def snapshot_sha256(data) -> str:
    return hashlib.sha256(canonical_json(data).encode()).hexdigest()


class TrancheRequestQuerySet(models.QuerySet):
    FROZEN = {"evidence_snapshot", "evidence_sha256", "evidence_signature"}

    def update(self, **kwargs):
        # A bulk update would skip ``save``'s check: the frozen evidence stays out of reach.
        if self.FROZEN & set(kwargs):
            raise ValidationError(_("The evidence snapshot is frozen."), code="snapshot_frozen")
        return super().update(**kwargs)


class SupportingDocumentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("A document cannot be changed."), code="document_immutable")


def _upload_to(instance, filename):
    request = instance.request
    return f"grants/{request.tranche.agreement_id}/{request.pk}/{filename}"


class TrancheRequest(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    EDITABLE = {Status.DRAFT}
    AWAITING_REVIEW = {Status.SUBMITTED, Status.RESUBMITTED, Status.UNDER_REVIEW}

    tranche = models.ForeignKey(
        Tranche, on_delete=models.PROTECT, related_name="requests", verbose_name=_("tranche")
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("previous version"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    evidence_snapshot = models.JSONField(_("evidence at submission"), null=True, blank=True)
    evidence_sha256 = models.CharField(_("SHA-256 of the evidence"), max_length=64, blank=True)
    # Detached JWS (Ed25519, the platform's signing key) over the snapshot's canonical JSON:
    # the snapshot, with the chain heads it holds, cannot be rewritten without the key.
    evidence_signature = models.TextField(_("signature of the evidence"), blank=True)
    # The narrative report's headline figures, as numbers: {code: integer} (grants.claims).
    claims = models.JSONField(
        _("figures claimed in the narrative report"), default=dict, blank=True
    )

    objects = TrancheRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("tranche request")
        verbose_name_plural = _("tranche requests")
        ordering = ["tranche", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["tranche", "version"], name="tranche_request_version"),
        ]

    def __str__(self) -> str:
        return f"{self.tranche} · v{self.version}"

    def save(self, *args, **kwargs):
        # Once frozen, the evidence may not change: a later save with different figures is a bug.
        frozen = getattr(self, "_frozen_sha256", "")
        if frozen and (
            self.evidence_sha256 != frozen or snapshot_sha256(self.evidence_snapshot) != frozen
        ):
            raise ValidationError(_("The evidence snapshot is frozen."), code="snapshot_frozen")
        super().save(*args, **kwargs)
        self._frozen_sha256 = self.evidence_sha256

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._frozen_sha256 = instance.__dict__.get("evidence_sha256") or ""
        return instance

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def snapshot_is_intact(self) -> bool:
        return bool(self.evidence_sha256) and (
            snapshot_sha256(self.evidence_snapshot) == self.evidence_sha256
        )


class ReportSection(models.Model):
    """One structured section of the narrative report."""

    class Kind(models.TextChoices):
        ACTIVITIES = "activities", _("Activities carried out")
        RESULTS = "results", _("Results")
        DIFFICULTIES = "difficulties", _("Difficulties")
        NEXT_STEPS = "next_steps", _("Next steps")

    request = models.ForeignKey(TrancheRequest, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(_("section"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("narrative report section")
        verbose_name_plural = _("narrative report sections")
        constraints = [
            models.UniqueConstraint(fields=["request", "kind"], name="report_section_unique"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class ExpenseLine(models.Model):
    """A line of the financial report, with its receipt."""

    class Category(models.TextChoices):
        TRAINERS = "trainers", _("Trainers' fees")
        VENUE = "venue", _("Venue and logistics")
        TRAVEL = "travel", _("Travel and accommodation")
        CATERING = "catering", _("Catering")
        MATERIALS = "materials", _("Training materials")
        EQUIPMENT = "equipment", _("Equipment and software")
        COMMUNICATION = "communication", _("Communication")
        ADMINISTRATION = "administration", _("Administration")

    request = models.ForeignKey(
        TrancheRequest, on_delete=models.CASCADE, related_name="expense_lines"
    )
    category = models.CharField(_("budget category"), max_length=20, choices=Category.choices)
    label = models.CharField(_("label"), max_length=200)
    amount = models.DecimalField(
        _("amount (MAD)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    receipt = models.FileField(
        _("receipt"), upload_to=_upload_to, storage=get_private_storage, blank=True
    )
    # The line of the agreement's budget this expense is spent against, and its receipt.
    budget_line = models.ForeignKey(
        "grants.BudgetLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expenses",
        verbose_name=_("budget line"),
    )
    receipt_date = models.DateField(_("receipt date"), null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("expense line")
        verbose_name_plural = _("expense lines")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label


class SupportingDocument(models.Model):
    """A typed upload. Rows are never edited: a document is added or, in a draft, removed."""

    request = models.ForeignKey(TrancheRequest, on_delete=models.CASCADE, related_name="documents")
    document_type = models.CharField(_("type"), max_length=30, choices=DocumentType.choices)
    file = models.FileField(_("file"), upload_to=_upload_to, storage=get_private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = SupportingDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")
        ordering = ["document_type", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("A document cannot be changed."), code="document_immutable")
        super().save(*args, **kwargs)


class FinanceCheck(AppendOnlyModel):
    """Finance's check of an approved request, before any payment: cleared for payment, or
    sent back to the programme officer with a reason (two steps, like an invoice)."""

    append_only_message = _("A finance check cannot be changed.")

    class Decision(models.TextChoices):
        CLEAR = "clear", _("Cleared for payment")
        SEND_BACK = "send_back", _("Sent back to the programme officer")

    request = models.ForeignKey(
        TrancheRequest, on_delete=models.PROTECT, related_name="finance_checks"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("finance check")
        verbose_name_plural = _("finance checks")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request} · {self.get_decision_display()}"


class TrancheReview(models.Model):
    """A programme officer's decision on one version of a request, with the checklist."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REQUEST_CHANGES = "request_changes", _("Request changes")
        REJECT = "reject", _("Reject")

    request = models.ForeignKey(TrancheRequest, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    checklist = models.JSONField(_("checklist"), default=dict)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request} · {self.get_decision_display()}"
