"""The append-only audit log of the grants flow."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.append_only import AppendOnlyError, AppendOnlyModel

__all__ = ["ACTION_LABELS", "AppendOnlyError", "AuditLog"]


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
    "tranche.cleared": _("Cleared for payment"),
    "tranche.sent_back": _("Sent back to the programme officer"),
    "tranche.paid_by_checker": _("Paid by the person who cleared it (only finance member)"),
    "finance_check.clear": _("Finance check: cleared for payment"),
    "finance_check.send_back": _("Finance check: sent back to the officer"),
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
    "budget.set": _("Budget set"),
    "bank_details.viewed": _("Full RIB shown to finance"),
    "bank_details.changed": _("Bank details changed"),
    "bank_details.certificate_downloaded": _("Bank certificate downloaded"),
    "programme.created": _("Programme created"),
    "programme.updated": _("Programme changed"),
    "agreement.created": _("Agreement created"),
    "agreement.updated": _("Agreement changed"),
    "agreement.amended": _("Amendment recorded"),
    "agreement.convention_attached": _("Signed convention stored"),
    "association.created_by_import": _("Association created by an import"),
    "agreement_import.confirmed": _("Agreements imported"),
}


class AuditLog(AppendOnlyModel):
    """Who did what to which object, with the state before and after."""

    append_only_message = _("The audit log cannot be changed.")

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

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["timestamp", "pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))
