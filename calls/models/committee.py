"""The selection committee of a call, its members, their declarations and their scores."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .applications import Application
from .calls import SCALE_MAX, SCALE_MIN, Call, Criterion


class Committee(models.Model):
    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="committee")
    # The anonymised first stage: on while the call asks for it, until the officer lifts it.
    anonymised = models.BooleanField(_("anonymised stage"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("selection committee")
        verbose_name_plural = _("selection committees")

    def __str__(self) -> str:
        return str(self.call)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class CommitteeMember(models.Model):
    class Kind(models.TextChoices):
        FUNDER_STAFF = "funder", _("Funder staff")
        MINISTRY = "ministry", _("Representative of another ministry")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="committee_seats",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="calls_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"


class ConflictDeclaration(models.Model):
    """Made once per member and application, before the member sees it. A declared conflict
    removes the member from that application for good."""

    member = models.ForeignKey(
        CommitteeMember, on_delete=models.CASCADE, related_name="declarations"
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="declarations"
    )
    has_conflict = models.BooleanField(_("conflict of interest"))
    note = models.TextField(_("note"), blank=True)
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)

    class Meta:
        verbose_name = _("declaration of interests")
        verbose_name_plural = _("declarations of interests")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "application"], name="calls_declaration_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} · {self.application_id}: {self.has_conflict}"


class Score(models.Model):
    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="scores")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(
        _("mark"), validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]
    )
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("scored at"), default=timezone.now)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "application", "criterion"], name="calls_score_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=SCALE_MIN) & models.Q(value__lte=SCALE_MAX),
                name="calls_score_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"
