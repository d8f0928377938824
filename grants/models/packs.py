"""Evidence packs: the ZIP of everything behind an agreement's evidence, built in the
background for the file and for auditors."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import get_private_storage

from .programmes import Agreement


def pack_path(instance, filename) -> str:
    return f"grants/packs/{instance.agreement_id}/{filename}"


class EvidencePack(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        BUILDING = "building", _("Building")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        related_name="evidence_packs",
        verbose_name=_("partnership agreement"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    # Whether the pack carries names or pseudonymous ids: it is built for its requester.
    with_names = models.BooleanField(_("with names"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    file = models.FileField(_("file"), upload_to=pack_path, storage=get_private_storage, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    evidence_fingerprint = models.CharField(_("evidence fingerprint"), max_length=64)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evidence pack")
        verbose_name_plural = _("evidence packs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.agreement.reference} · {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("grants:pack_detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.BUILDING)
