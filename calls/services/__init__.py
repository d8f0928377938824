"""Operations that change calls data: each checks who acts and what is allowed, writes in a
transaction and records the step in the grants audit log (``grants.audit.audit_record``)."""

from .applications import (
    application_document_upload,
    application_save,
    application_start,
    application_submit,
    application_withdraw,
    missing_items,
)
from .calls import call_configure, call_create, call_publish, call_update
from .committee import (
    committee_anonymity_lift,
    committee_close,
    committee_member_add,
    conflict_declare,
    scores_save,
)
from .determination import (
    application_to_agreement,
    decisions_record,
    ranking_propose,
    results_publish,
)
from .screening import application_screen, automatic_checks

__all__ = [
    "application_document_upload",
    "application_save",
    "application_screen",
    "application_start",
    "application_submit",
    "application_to_agreement",
    "application_withdraw",
    "automatic_checks",
    "call_configure",
    "call_create",
    "call_publish",
    "call_update",
    "committee_anonymity_lift",
    "committee_close",
    "committee_member_add",
    "conflict_declare",
    "decisions_record",
    "missing_items",
    "ranking_propose",
    "results_publish",
    "scores_save",
]
