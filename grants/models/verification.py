"""Verification of a tranche request by sampling its beneficiaries (third-party monitoring
practice): a reproducible random draw from the frozen snapshot, then one contact per person
(a phone call or a visit) and its outcome. Both are append-only."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.append_only import AppendOnlyModel

from .requests import TrancheRequest


class BeneficiarySample(AppendOnlyModel):
    """The draw for one request: its seed and rule are recorded, so anyone holding the frozen
    snapshot draws the same people again (``grants.sampling.draw``)."""

    append_only_message = _("A sample cannot be changed or drawn again.")

    request = models.OneToOneField(
        TrancheRequest,
        on_delete=models.PROTECT,
        related_name="sample",
        verbose_name=_("tranche request"),
    )
    seed = models.CharField(_("seed"), max_length=64)
    share = models.DecimalField(_("share sampled"), max_digits=3, decimal_places=2)
    minimum = models.PositiveSmallIntegerField(_("minimum sample size"))
    population = models.PositiveIntegerField(_("beneficiaries in the snapshot"))
    # [{"person": pseudonym, "stratum": session id}] in draw order.
    members = models.JSONField(_("people drawn"), default=list)
    snapshot_sha256 = models.CharField(_("SHA-256 of the snapshot drawn from"), max_length=64)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("beneficiary sample")
        verbose_name_plural = _("beneficiary samples")

    def __str__(self) -> str:
        return f"{self.request} · {len(self.members)}/{self.population}"


class SampleContact(AppendOnlyModel):
    """One attempt to reach a sampled person and what they said. A person may be tried again
    (unreachable, then reached): the latest contact is their outcome."""

    append_only_message = _("A recorded contact cannot be changed or deleted.")

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone call")
        VISIT = "visit", _("Visit")

    class Outcome(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed attending")
        DENIED = "denied", _("Denied attending")
        UNREACHABLE = "unreachable", _("Unreachable")
        REFUSED = "refused", _("Refused to answer")

    sample = models.ForeignKey(
        BeneficiarySample,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("sample"),
    )
    person = models.CharField(_("person (pseudonym)"), max_length=32)
    # Who the pseudonym was when the contact was recorded: so the person sees it in My data.
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sample_contacts",
        verbose_name=_("learner"),
    )
    participant = models.ForeignKey(
        "courses.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("walk-in participant"),
    )
    channel = models.CharField(_("contact by"), max_length=10, choices=Channel.choices)
    contacted_on = models.DateField(_("contacted on"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("sample contact")
        verbose_name_plural = _("sample contacts")
        ordering = ["sample", "pk"]
        indexes = [models.Index(fields=["sample", "person"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_outcome_display()}"
