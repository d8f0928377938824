"""Programmes (calls for proposals) and partnership agreements.

Tranches, reports, evidence and review build on these in the grants issue.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation


class Programme(models.Model):
    """A call for proposals in one field, run by a funder."""

    class Field(models.TextChoices):
        PARTICIPATORY_DEMOCRACY = "democracy", _("Participatory democracy")
        DIGITALIZATION = "digital", _("Associations' access to digitalization")

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
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    amount = models.DecimalField(
        _("amount (MAD)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("partnership agreement")
        verbose_name_plural = _("partnership agreements")
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference} · {self.association}"

    @property
    def project_title(self) -> str:
        if (get_language() or "ar").startswith("ar"):
            return self.project_title_ar
        return self.project_title_fr

    def clean(self):
        errors = {}
        if self.association_id and self.association.kind != Organisation.Kind.TRAINER:
            errors["association"] = _("An agreement is signed with a trainer association.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date is before the start date.")
        if errors:
            raise ValidationError(errors)
