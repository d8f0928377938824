"""A course's completion rule, the certificates it earns, and ZIP bundles of a course's PDFs."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from core.bilingual import LocalizedText, page_language, script_language
from core.storage import get_private_storage

from .codes import SCHEME_DAMM, SCHEME_LEGACY, code_display, code_generate

# One status list holds this many entries: 16 KB of bits, the minimum the Bitstring Status
# List specification asks for so that a single revocation does not single out a holder.
STATUS_LIST_SIZE = 131072


class CompletionRule(models.Model):
    """What a learner must do to earn a course's certificate; any combination of the three."""

    course = models.OneToOneField(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="completion_rule",
        verbose_name=_("course"),
    )
    min_attendance_share = models.DecimalField(
        _("minimum share of sessions attended"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(1)],
        help_text=_("Between 0.01 and 1, e.g. 0.80. Leave empty when attendance is not required."),
    )
    require_all_lessons = models.BooleanField(_("all lessons completed"), default=False)
    quiz = models.ForeignKey(
        "courses.QuizPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quiz to pass"),
    )
    quiz_min_score = models.DecimalField(
        _("minimum quiz score (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Leave empty to use the quiz's pass mark."),
    )
    valid_for_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Certificates expire this many months after issue. Leave empty: no expiry."),
    )

    panels = [
        FieldPanel("course"),
        FieldPanel("min_attendance_share"),
        FieldPanel("require_all_lessons"),
        FieldPanel("quiz"),
        FieldPanel("quiz_min_score"),
        FieldPanel("valid_for_months"),
    ]

    class Meta:
        verbose_name = _("completion rule")
        verbose_name_plural = _("completion rules")

    def __str__(self) -> str:
        return str(self.course)

    def clean(self):
        if not (self.min_attendance_share or self.require_all_lessons or self.quiz_id):
            raise ValidationError(_("A rule requires at least one condition."), code="empty_rule")
        parent = self.quiz.get_parent() if self.quiz_id and self.course_id else None
        if self.quiz_id and self.course_id and (parent is None or parent.pk != self.course_id):
            raise ValidationError({"quiz": _("Choose a quiz of this course.")})


def certificate_pdf_path(instance, filename: str) -> str:
    # Private storage; the random code is in the name, but the file is only served by a view.
    return f"certificates/{instance.course_id}/{instance.code}.pdf"


class Certificate(models.Model):
    """A certificate as issued: what it says is stored here and never recomputed."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")

    code = models.CharField(_("code"), max_length=16, unique=True, default=code_generate)
    # Which check character the code carries (models/codes.py): codes issued before #25 carry
    # the legacy one and keep verifying.
    code_scheme = models.PositiveSmallIntegerField(
        _("check character scheme"),
        choices=[(SCHEME_LEGACY, "legacy mod 31"), (SCHEME_DAMM, "Damm GF(32)")],
        default=SCHEME_DAMM,
        editable=False,
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="certificates",
        verbose_name=_("learner"),
    )
    enrollment = models.ForeignKey(
        "courses.Enrollment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enrollment"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("course"),
    )
    association = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="issued_certificates",
        verbose_name=_("association"),
    )
    # Which agreement and programme it counts for is not stored here: grants answers, through
    # the sponsor hook (certificates/sponsors.py: certificate_sponsor), from the association and
    # the day of issue. The funder's names are snapshots, below.
    # Snapshots: the certificate says what it said on the day it was issued.
    holder_name_ar = models.CharField(_("holder's name in Arabic"), max_length=150, blank=True)
    holder_name_latin = models.CharField(_("holder's name in Latin script"), max_length=150)
    course_title = models.CharField(_("course title"), max_length=255)
    # The course's title in each language it was published in ({"ar": …, "fr": …}), as issued.
    course_titles = models.JSONField(_("course title by language"), default=dict, blank=True)
    association_name_ar = models.CharField(_("association (Arabic)"), max_length=200)
    association_name_fr = models.CharField(_("association (French)"), max_length=200)
    funder_name_ar = models.CharField(_("funder (Arabic)"), max_length=200, blank=True)
    funder_name_fr = models.CharField(_("funder (French)"), max_length=200, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    issued_on = models.DateField(_("issued on"), default=timezone.localdate, db_index=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    # Set from the course's completion rule (valid_for_months); empty: never expires.
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    # A certificate issued again after a revocation made in error names the one it replaces;
    # awarded_at keeps when the achievement was first awarded.
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    awarded_at = models.DateTimeField(_("first awarded at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.VALID, db_index=True
    )
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    pdf = models.FileField(
        _("PDF"), upload_to=certificate_pdf_path, storage=get_private_storage, blank=True
    )
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    identity_salt = models.CharField(max_length=32, default="", blank=True, editable=False)
    credential_jwt = models.TextField(_("signed credential"), blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            # One valid certificate per learner and course; revoked ones may have a successor.
            models.UniqueConstraint(
                fields=["learner", "course"],
                condition=models.Q(status="valid"),
                name="certificate_unique_valid_learner_course",
            ),
        ]
        indexes = [models.Index(fields=["association", "issued_on"])]

    def __str__(self) -> str:
        return self.code_display

    @property
    def code_display(self) -> str:
        return code_display(self.code)

    @property
    def is_revoked(self) -> bool:
        return self.status == self.Status.REVOKED

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until <= timezone.now()

    def course_title_in(self, language: str) -> LocalizedText:
        """The course title in ``language`` if the course was published in it, else as issued;
        it knows its language, for a page in another one to mark it (core/bilingual.py)."""
        titles = self.course_titles or {}
        if titles.get(language):
            return LocalizedText(titles[language], language)
        issued_in = next((code for code, title in titles.items() if title == self.course_title), "")
        return LocalizedText(self.course_title, issued_in or script_language(self.course_title))

    @property
    def course_title_shown(self) -> LocalizedText:
        """The course title in the active language, else as issued (marked by its language)."""
        return self.course_title_in(page_language())

    @property
    def status_list_id(self) -> int:
        return self.pk // STATUS_LIST_SIZE + 1

    @property
    def status_list_index(self) -> int:
        return self.pk % STATUS_LIST_SIZE


class CertificateBundle(models.Model):
    """A ZIP of one course's certificate PDFs, built in the background."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("In progress")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("course"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    file = models.FileField(
        _("file"), upload_to="certificate-bundles/", storage=get_private_storage, blank=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate bundle")
        verbose_name_plural = _("certificate bundles")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.course_id} · {self.status}"
