"""Programmes (calls for proposals), their tranche plans and evidence rules, and agreements."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.crypto import FieldCipher
from core.storage import get_private_storage
from courses.models import ProgrammeField
from organisations.models import Organisation, Province, Region

HUNDRED = Decimal("100")


class DocumentType(models.TextChoices):
    """Kinds of supporting documents; a programme lists those it requires."""

    ATTENDANCE_SHEETS = "attendance_sheets", _("Signed attendance sheets")
    INVOICES = "invoices", _("Invoices and receipts")
    BANK_STATEMENT = "bank_statement", _("Bank statement")
    ACTIVITY_PHOTOS = "activity_photos", _("Photos of the activities")
    NARRATIVE_ATTACHMENT = "narrative_attachment", _("Attachment to the narrative report")
    OTHER = "other", _("Other document")


DEFAULT_REQUIRED_DOCUMENTS = [
    DocumentType.ATTENDANCE_SHEETS.value,
    DocumentType.INVOICES.value,
    DocumentType.BANK_STATEMENT.value,
]

# The figures an agreement sets targets for, in the order the interface shows them; the
# review checklist (grants/checklist.py) has one item per target.
TARGETS = [
    ("sessions", _("Training sessions held")),
    ("beneficiaries", _("Beneficiaries")),
    ("member_associations", _("Member associations reached")),
    ("certificates", _("Certificates issued")),
]


def _validate_document_types(value):
    if not isinstance(value, list) or not all(v in DocumentType.values for v in value):
        raise ValidationError(_("Unknown document type."), code="document_type")


def _validate_themes(value):
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValidationError(_("Themes are a list of labels."), code="themes")


def _validate_categories(value):
    codes = set()
    ok = isinstance(value, list)
    for item in value if ok else []:
        code = item.get("code") if isinstance(item, dict) else None
        if not (
            isinstance(code, str)
            and code.strip()
            and code not in codes
            and str(item.get("label_ar", "")).strip()
            and str(item.get("label_fr", "")).strip()
        ):
            ok = False
            break
        codes.add(code)
    if not ok:
        raise ValidationError(
            _("Each budget category has a unique code and a label in Arabic and in French."),
            code="budget_categories",
        )


class Programme(models.Model):
    """A call for proposals in one field, run by a funder."""

    # The fields are the courses' too (a course belongs to one): they are defined there.
    Field = ProgrammeField

    class BeneficiaryRule(models.TextChoices):
        ATTENDED_SESSION = "attended_session", _("Attended at least one session")
        COURSE_SHARE = "course_share", _("Completed a minimum share of a course")

    funder = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programmes",
        limit_choices_to={"kind": Organisation.Kind.FUNDER},
        verbose_name=_("funder"),
    )
    field = models.CharField(_("field"), max_length=10, choices=Field.choices)
    title_ar = models.CharField(_("title in Arabic"), max_length=255)
    title_fr = models.CharField(_("title in French"), max_length=255)
    year = models.PositiveSmallIntegerField(_("year of the call"))
    strategy_reference = models.CharField(_("strategy reference"), max_length=255, blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True, validators=[_validate_themes])
    # Evidence rules: what counts as a beneficiary, what must be uploaded, how much of each
    # target must be reached. The review checklist is derived from them.
    beneficiary_rule = models.CharField(
        _("who counts as a beneficiary"),
        max_length=20,
        choices=BeneficiaryRule.choices,
        default=BeneficiaryRule.ATTENDED_SESSION,
    )
    beneficiary_min_course_share = models.DecimalField(
        _("minimum share of a course"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    required_documents = models.JSONField(
        _("required supporting documents"),
        default=list,
        blank=True,
        validators=[_validate_document_types],
    )
    min_target_share = models.DecimalField(
        _("minimum share of each target to reach"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    # The programme's period: every agreement's dates fall inside it (when set).
    starts_on = models.DateField(_("programme starts on"), null=True, blank=True)
    ends_on = models.DateField(_("programme ends on"), null=True, blank=True)
    # Report schedule: the narrative and financial reports of a tranche are due this many days
    # after the end of the tranche's period; reminders go this many days before.
    report_due_days = models.PositiveSmallIntegerField(
        _("reports due (days after the period)"),
        default=30,
        validators=[MaxValueValidator(365)],
    )
    report_reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days before the due date)"),
        default=7,
        validators=[MaxValueValidator(90)],
    )
    # Budget: the categories of the agreements' budget lines (empty: the eight expense
    # categories), each {"code", "label_ar", "label_fr"}; a line spent beyond its amount by
    # more than this share is flagged on the request.
    budget_categories = models.JSONField(
        _("budget categories"), default=list, blank=True, validators=[_validate_categories]
    )
    overspend_tolerance = models.DecimalField(
        _("tolerated overspend of a budget line"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.10"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    # Verification (#18): the checklist items a figure decides, the gap tolerated between the
    # narrative report's claims and the counted figures, and the sampling of beneficiaries.
    min_attendance_rate = models.DecimalField(
        _("minimum attendance rate"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.60"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    claims_tolerance = models.DecimalField(
        _("tolerated gap between claimed and counted figures"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.10"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    sample_share = models.DecimalField(
        _("share of beneficiaries sampled"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.05"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(1)],
    )
    sample_minimum = models.PositiveSmallIntegerField(
        _("minimum sample size"), default=10, validators=[MinValueValidator(1)]
    )
    min_sample_confirmation = models.DecimalField(
        _("minimum share of the sample confirming attendance"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.80"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-year", "field"]
        constraints = [
            models.UniqueConstraint(
                fields=["funder", "field", "year"], name="programme_unique_call"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_ar if (get_language() or "ar").startswith("ar") else self.title_fr

    def clean(self):
        if self.funder_id and self.funder.kind != Organisation.Kind.FUNDER:
            raise ValidationError({"funder": _("A programme is run by a funder.")})
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})


class TranchePlanItem(models.Model):
    """One tranche of a programme's plan: its share and what releases it."""

    class Trigger(models.TextChoices):
        ON_SIGNATURE = "signature", _("On signature")
        ON_VERIFIED_ACHIEVEMENT = "verified", _("On verified achievement")

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="tranche_plan",
        verbose_name=_("programme"),
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    share = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(HUNDRED)],
    )
    trigger = models.CharField(_("released"), max_length=10, choices=Trigger.choices)

    class Meta:
        verbose_name = _("tranche of the plan")
        verbose_name_plural = _("tranche plan")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="tranche_plan_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.share}%"


DEFAULT_TRANCHE_PLAN = [
    (1, Decimal("50.00"), TranchePlanItem.Trigger.ON_SIGNATURE),
    (2, Decimal("50.00"), TranchePlanItem.Trigger.ON_VERIFIED_ACHIEVEMENT),
]


def validate_rib(value: str) -> None:
    """A Moroccan RIB: 24 digits (bank 3, city 3, account 16, key 2). The key makes the whole
    number divisible by 97, which catches most typing mistakes before a transfer bounces."""
    if not value.isdigit() or len(value) != 24:
        raise ValidationError(_("A RIB has exactly 24 digits."), code="rib_length")
    if int(value) % 97 != 0:
        raise ValidationError(_("This RIB's check key is wrong."), code="rib_key")


# The RIBs' cipher (core/crypto.py): BANK_DETAILS_ENCRYPTION_KEY, in dev and tests a key derived
# from SECRET_KEY. The migration that encrypted the old column uses it too.
BANK_DETAILS_CIPHER = FieldCipher("BANK_DETAILS_ENCRYPTION_KEY", fallback_salt="bank")


def rib_with_key(first_22_digits: str) -> str:
    """Complete 22 digits with their RIB key (for demo data and tests)."""
    key = 97 - (int(first_22_digits) * 100) % 97
    return f"{first_22_digits}{key:02d}"


def _convention_upload_to(instance, filename):
    return f"grants/agreements/{instance.reference}/{filename}"


class Agreement(models.Model):
    """A partnership agreement (convention) between the funder and a trainer association."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("programme")
    )
    association = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreements",
        limit_choices_to={"kind": Organisation.Kind.TRAINER},
        verbose_name=_("trainer association"),
    )
    reference = models.CharField(_("reference number"), max_length=50, unique=True)
    project_title_ar = models.CharField(_("project title in Arabic"), max_length=255)
    project_title_fr = models.CharField(_("project title in French"), max_length=255)
    project_summary = models.TextField(_("project summary"), blank=True)
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    amount = models.DecimalField(
        _("amount (MAD)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    target_sessions = models.PositiveIntegerField(_("target: sessions"), default=0)
    target_beneficiaries = models.PositiveIntegerField(_("target: beneficiaries"), default=0)
    target_member_associations = models.PositiveIntegerField(
        _("target: member associations reached"), default=0
    )
    target_certificates = models.PositiveIntegerField(_("target: certificates"), default=0)
    target_women_share = models.DecimalField(
        _("target: share of women"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    target_regions = models.ManyToManyField(
        Region, blank=True, related_name="+", verbose_name=_("target: regions covered")
    )
    target_provinces = models.ManyToManyField(
        Province, blank=True, related_name="+", verbose_name=_("target: provinces covered")
    )
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    # The RIB, encrypted at rest (``rib`` reads and writes it in clear), and its last four digits,
    # which is all most pages show.
    rib_encrypted = models.TextField(_("RIB (encrypted)"), blank=True, editable=False)
    rib_last4 = models.CharField(_("RIB, last four digits"), max_length=4, blank=True)
    # The signed convention (a PDF through the upload gate); amendments carry their own.
    signed_convention = models.FileField(
        _("signed convention"),
        upload_to=_convention_upload_to,
        storage=get_private_storage,
        blank=True,
    )
    signed_convention_name = models.CharField(_("file name"), max_length=255, blank=True)
    signed_convention_sha256 = models.CharField(max_length=64, blank=True)
    # The number of the amendment now in force (0: the agreement as signed).
    version = models.PositiveSmallIntegerField(_("amendment in force"), default=0)

    class Meta:
        verbose_name = _("partnership agreement")
        verbose_name_plural = _("partnership agreements")
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference} · {self.association}"

    def get_absolute_url(self) -> str:
        return reverse("grants:agreement_detail", args=[self.pk])

    @property
    def project_title(self) -> str:
        if (get_language() or "ar").startswith("ar"):
            return self.project_title_ar
        return self.project_title_fr

    @property
    def rib(self) -> str:
        """The full RIB, decrypted: for finance's payment and its logged display only."""
        return BANK_DETAILS_CIPHER.decrypt(self.rib_encrypted)

    @rib.setter
    def rib(self, value: str) -> None:
        """Checked (24 digits, right key), then encrypted; "" clears it."""
        value = (value or "").replace(" ", "")
        if value:
            try:
                validate_rib(value)
            except ValidationError as error:
                raise ValidationError({"rib": error.error_list}) from None
        self.rib_encrypted = BANK_DETAILS_CIPHER.encrypt(value)
        self.rib_last4 = value[-4:]

    @property
    def rib_masked(self) -> str:
        """Only the last four digits: enough to recognise the account, not to use it."""
        return f"•••• •••• {self.rib_last4}" if self.rib_last4 else ""

    def targets(self) -> dict[str, int]:
        return {key: getattr(self, f"target_{key}") for key, _label in TARGETS}

    def clean(self):
        errors = {}
        if self.association_id and self.association.kind != Organisation.Kind.TRAINER:
            errors["association"] = _("An agreement is signed with a trainer association.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date is before the start date.")
        if errors:
            raise ValidationError(errors)
