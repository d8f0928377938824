"""An association's application to a call, its documents and its eligibility checks."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import get_private_storage
from grants.models import Agreement
from organisations.models import Organisation

from .calls import Call, RequiredDocument, in_language


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Eligibility(models.TextChoices):
        PENDING = "pending", _("Not screened yet")
        ELIGIBLE = "eligible", _("Eligible")
        INELIGIBLE = "ineligible", _("Not eligible")

    class Decision(models.TextChoices):
        NONE = "", _("No decision yet")
        SELECTED = "selected", _("Selected")
        RESERVE = "reserve", _("Reserve list")
        REJECTED = "rejected", _("Not selected")

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call")
    )
    association = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="call_applications",
        verbose_name=_("association"),
    )
    number = models.PositiveIntegerField(_("number"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # The first questions every call asks: they feed eligibility, ranking and the agreement.
    project_title_ar = models.CharField(_("project title in Arabic"), max_length=255, blank=True)
    project_title_fr = models.CharField(_("project title in French"), max_length=255, blank=True)
    registered_on = models.DateField(
        _("date of the association's legal registration"), null=True, blank=True
    )
    members_count = models.PositiveIntegerField(
        _("number of members"), null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    requested_amount = models.DecimalField(
        _("amount requested (MAD)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    # The answers to the call's questions, by question key ("q12"): text, a number, or the
    # rows of a table (activities, targets per indicator, budget lines).
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    updated_at = models.DateTimeField(_("saved at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # SHA-256 of the canonical JSON of what was submitted (answers and documents' hashes).
    submission_sha256 = models.CharField(_("SHA-256 of the submission"), max_length=64, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    eligibility = models.CharField(
        _("eligibility"), max_length=10, choices=Eligibility.choices, default=Eligibility.PENDING
    )
    eligibility_reason = models.TextField(_("reason"), blank=True)
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    score = models.DecimalField(
        _("weighted score"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default="", blank=True
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreement = models.OneToOneField(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="call_application",
        verbose_name=_("agreement"),
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="calls_application_number")
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("calls:application_edit", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"C{self.call_id}-{self.number:03d}"

    @property
    def project_title(self) -> str:
        return in_language(self, "project_title")

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


def _document_upload_to(instance, filename):
    return f"calls/{instance.application.call_id}/{instance.application_id}/{filename}"


class ApplicationDocument(models.Model):
    """One document of an application (statutes, minutes...): a new upload replaces it while
    the application is a draft."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="uploads")
    document = models.ForeignKey(
        RequiredDocument, on_delete=models.PROTECT, related_name="+", verbose_name=_("document")
    )
    file = models.FileField(_("file"), upload_to=_document_upload_to, storage=get_private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["application", "document__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "document"], name="calls_application_document_unique"
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class EligibilityCheck(models.Model):
    """One rule checked at screening: automatic (years of registration, region) or by hand."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="checks")
    code = models.CharField(_("rule"), max_length=40)
    label = models.CharField(_("rule"), max_length=255)
    automatic = models.BooleanField(_("checked automatically"), default=False)
    met = models.BooleanField(_("met"))
    reason = models.TextField(_("reason"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)

    class Meta:
        verbose_name = _("eligibility check")
        verbose_name_plural = _("eligibility checks")
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "code"], name="calls_check_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.met}"
