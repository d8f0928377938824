"""What grants hold about a person: only what their account did (accounts/personal_data.py).

The audit log, the requests, reviews, documents and payments are kept as they are: they are the
public-money trail, and they name the account, which erasure pseudonymises.
"""

from accounts.personal_data import register_links

for _label, _fields, _section, _at in (
    ("grants.AuditLog", ("actor",), "audit_log_actions", "timestamp"),
    ("grants.EvidencePack", ("requested_by",), "evidence_packs_requested", "created_at"),
    ("grants.Tranche", ("approved_by", "cleared_by", "paid_by"), "tranches_decided", None),
    ("grants.FinanceCheck", ("checked_by",), "finance_checks", "created_at"),
    ("grants.AgreementAmendment", ("created_by",), "amendments_recorded", "created_at"),
    ("grants.AgreementImport", ("imported_by",), "agreement_imports", "imported_at"),
    ("grants.BankDetailsChange", ("changed_by",), "bank_details_changes", "changed_at"),
    ("grants.TrancheRequest", ("created_by", "submitted_by"), "tranche_requests", "created_at"),
    ("grants.SupportingDocument", ("uploaded_by",), "documents_uploaded", "uploaded_at"),
    ("grants.TrancheReview", ("reviewer",), "tranche_reviews", None),
):
    register_links(_label, *_fields, section=_section, at=_at)
