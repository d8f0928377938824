"""The append-only audit log of the grants flow."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(ValidationError):
    pass


# How the history shows each action; unknown actions show their code.
ACTION_LABELS = {
    "tranche.created": _("Tranche created"),
    "tranche.payable": _("Tranche payable"),
    "tranche.requested": _("Tranche requested"),
    "tranche.under_review": _("Tranche under review"),
    "tranche.changes_requested": _("Changes requested"),
    "tranche.approved": _("Tranche approved"),
    "tranche.rejected": _("Tranche rejected"),
    "tranche.paid": _("Payment recorded"),
    "tranche_request.created": _("Request opened"),
    "tranche_request.edited": _("Request edited"),
    "tranche_request.submitted": _("Request submitted"),
    "tranche_request.review_started": _("Review started"),
    "tranche_request.approve": _("Request approved"),
    "tranche_request.request_changes": _("Changes requested on the request"),
    "tranche_request.reject": _("Request rejected"),
    "supporting_document.added": _("Document added"),
    "supporting_document.removed": _("Document removed"),
    "evidence.names_viewed": _("Names behind the evidence viewed"),
    "evidence_pack.requested": _("Evidence pack requested"),
    "evidence_pack.downloaded": _("Evidence pack downloaded"),
}


class AuditLogQuerySet(models.QuerySet):
    # Bulk writes bypass ``save``: refuse them here so no ORM path rewrites history.
    def update(self, **kwargs):
        raise AppendOnlyError(_("The audit log cannot be changed."), code="append_only")

    def delete(self):
        raise AppendOnlyError(_("The audit log cannot be changed."), code="append_only")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(_("The audit log cannot be changed."), code="append_only")


class AuditLog(models.Model):
    """Who did what to which object, with the state before and after."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40)
    timestamp = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["timestamp", "pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("The audit log cannot be changed."), code="append_only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("The audit log cannot be changed."), code="append_only")

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))
