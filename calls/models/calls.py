"""A call for proposals, its application form, required documents, eligibility rules and
scoring grid. The funder's officer configures them while the call is a draft; once it is
published they are fixed, so every applicant answers the same form and is scored on the same
grid that the public page shows."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from grants.models import Programme
from organisations.models import Region

SCALE_MIN = 0
SCALE_MAX = 5


def in_language(obj, name: str) -> str:
    """``obj.<name>_ar`` in Arabic, ``obj.<name>_fr`` otherwise (French serves Latin script)."""
    arabic = (get_language() or "ar").startswith("ar")
    return getattr(obj, f"{name}_ar" if arabic else f"{name}_fr") or getattr(
        obj, f"{name}_fr" if arabic else f"{name}_ar"
    )


class Call(models.Model):
    """A call for proposals of a programme: open from ``opens_at`` to ``closes_at``."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="calls", verbose_name=_("programme")
    )
    title_ar = models.CharField(_("title in Arabic"), max_length=255)
    title_fr = models.CharField(_("title in French"), max_length=255)
    text_ar = models.TextField(_("text in Arabic"), blank=True)
    text_fr = models.TextField(_("text in French"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Eligibility that is data, checked automatically at screening.
    min_years_registered = models.PositiveSmallIntegerField(
        _("registered for at least (years)"), default=0, validators=[MaxValueValidator(50)]
    )
    eligible_regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="+",
        verbose_name=_("eligible regions"),
        help_text=_("None selected: every region."),
    )
    expected_agreements = models.PositiveIntegerField(
        _("number of agreements expected"), default=1, validators=[MinValueValidator(1)]
    )
    allow_several_applications = models.BooleanField(
        _("an association may apply more than once"), default=False
    )
    max_amount = models.DecimalField(
        _("maximum amount requested (MAD)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    # Ranking rules, published with the call.
    max_per_region = models.PositiveSmallIntegerField(
        _("at most this many selected per region (0: no limit)"), default=0
    )
    min_score = models.DecimalField(
        _("minimum weighted score to be selected (0 to 5)"),
        max_digits=3,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)],
    )
    reserve_size = models.PositiveSmallIntegerField(_("size of the reserve list"), default=0)
    anonymised_review = models.BooleanField(
        _("anonymised first stage"),
        default=False,
        help_text=_("Reviewers do not see the association's name, region or history."),
    )
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        ordering = ["-opens_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calls:call_detail", args=[self.pk])

    @property
    def title(self) -> str:
        return in_language(self, "title")

    @property
    def text(self) -> str:
        return in_language(self, "text")

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The call closes after it opens.")})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_published and self.opens_at <= now < self.closes_at

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at


class FormSection(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title_ar = models.CharField(_("title in Arabic"), max_length=200)
    title_fr = models.CharField(_("title in French"), max_length=200)

    class Meta:
        verbose_name = _("form section")
        verbose_name_plural = _("form sections")
        ordering = ["call", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self, "title")


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        NUMBER = "number", _("Number")
        ACTIVITIES = "activities", _("Table of activities")
        TARGETS = "targets", _("Targets per indicator")
        BUDGET = "budget", _("Budget lines by category")

    section = models.ForeignKey(
        FormSection, on_delete=models.CASCADE, related_name="questions", verbose_name=_("section")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.LONG_TEXT)
    label_ar = models.CharField(_("question in Arabic"), max_length=255)
    label_fr = models.CharField(_("question in French"), max_length=255)
    help_ar = models.CharField(_("help in Arabic"), max_length=255, blank=True)
    help_fr = models.CharField(_("help in French"), max_length=255, blank=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__position", "position", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return in_language(self, "label")

    @property
    def help(self) -> str:
        return in_language(self, "help")

    @property
    def key(self) -> str:
        return f"q{self.pk}"


class RequiredDocument(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="documents")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.SlugField(_("code"), max_length=40)
    label_ar = models.CharField(_("document in Arabic"), max_length=200)
    label_fr = models.CharField(_("document in French"), max_length=200)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["call", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "code"], name="calls_document_unique_code")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return in_language(self, "label")


class ManualRule(models.Model):
    """An eligibility rule the officer checks by hand (the field of work, the statutes...)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="manual_rules")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label_ar = models.CharField(_("rule in Arabic"), max_length=255)
    label_fr = models.CharField(_("rule in French"), max_length=255)

    class Meta:
        verbose_name = _("eligibility rule checked by hand")
        verbose_name_plural = _("eligibility rules checked by hand")
        ordering = ["call", "position", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return in_language(self, "label")


class Criterion(models.Model):
    """A criterion of the scoring grid, with its weight and what each mark of 0 to 5 means."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label_ar = models.CharField(_("criterion in Arabic"), max_length=200)
    label_fr = models.CharField(_("criterion in French"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    descriptors_ar = models.TextField(
        _("descriptors in Arabic"), blank=True, help_text=_("One line per mark, from 0 to 5.")
    )
    descriptors_fr = models.TextField(
        _("descriptors in French"), blank=True, help_text=_("One line per mark, from 0 to 5.")
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("scoring grid")
        ordering = ["call", "position", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return in_language(self, "label")

    def descriptors(self) -> list[tuple[int, str]]:
        lines = in_language(self, "descriptors").splitlines()
        return [
            (mark, lines[mark].strip() if mark < len(lines) else "")
            for mark in range(SCALE_MIN, SCALE_MAX + 1)
        ]


# What a new call starts with: the officer changes it before publishing.
DEFAULT_SECTIONS = [
    (
        ("ملخص المشروع", "Résumé du projet"),
        [
            (Question.Kind.LONG_TEXT, "ملخص المشروع", "Résumé du projet"),
            (Question.Kind.LONG_TEXT, "أهداف المشروع", "Objectifs du projet"),
        ],
    ),
    (
        ("الأنشطة والمستهدفات", "Activités et cibles"),
        [
            (Question.Kind.ACTIVITIES, "مخطط الأنشطة", "Plan des activités"),
            (Question.Kind.TARGETS, "المستهدفات حسب المؤشر", "Cibles par indicateur"),
        ],
    ),
    (
        ("الميزانية", "Budget"),
        [(Question.Kind.BUDGET, "الميزانية حسب البنود", "Budget par ligne")],
    ),
    (
        ("الفريق والخبرة", "Équipe et expérience"),
        [
            (Question.Kind.LONG_TEXT, "فريق المشروع", "Équipe du projet"),
            (Question.Kind.LONG_TEXT, "خبرة الجمعية", "Expérience de l'association"),
        ],
    ),
]
DEFAULT_DOCUMENTS = [
    ("statutes", "القانون الأساسي", "Statuts"),
    ("general_assembly", "محضر آخر جمع عام", "Procès-verbal de la dernière assemblée générale"),
    ("financial_statements", "القوائم المالية", "États financiers"),
    ("bank_certificate", "شهادة بنكية", "Attestation bancaire"),
]
DEFAULT_CRITERIA = [
    ("ملاءمة المشروع لأهداف البرنامج", "Pertinence au regard du programme", 3),
    ("جودة مخطط الأنشطة", "Qualité du plan d'activités", 2),
    ("واقعية الميزانية", "Réalisme du budget", 2),
    ("خبرة الجمعية وفريقها", "Expérience de l'association et de l'équipe", 2),
    ("الأثر على الفئات المستهدفة", "Impact sur les publics cibles", 1),
]
