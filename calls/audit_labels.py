"""How the call's audit log shows each step (the entries are grants.AuditLog rows)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "call.created": _("Call created"),
    "call.updated": _("Call changed"),
    "call.configured": _("Form, documents, rules or grid changed"),
    "call.published": _("Call published"),
    "call.results_published": _("List of selected associations published"),
    "application.started": _("Application started"),
    "application.saved": _("Draft saved"),
    "application.document_uploaded": _("Document uploaded"),
    "application.submitted": _("Application submitted"),
    "application.withdrawn": _("Application withdrawn"),
    "application.screened": _("Eligibility checked"),
    "application.decided": _("Decision recorded"),
    "application.converted": _("Agreement created"),
    "committee.member_added": _("Committee member added"),
    "committee.conflict_declared": _("Interests declared"),
    "committee.scored": _("Scores saved"),
    "committee.anonymity_lifted": _("Anonymised stage ended"),
    "committee.closed": _("Committee closed"),
}


def label(entry) -> str:
    return str(ACTION_LABELS.get(entry.action, entry.action_label))
