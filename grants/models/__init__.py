"""Grants data: programmes and agreements, tranches, tranche requests, the audit log."""

from .agreements import AgreementAmendment, AgreementImport, BankDetailsChange, BudgetLine
from .audit import AppendOnlyError, AuditLog
from .packs import EvidencePack
from .programmes import (
    BANK_DETAILS_CIPHER,
    DEFAULT_REQUIRED_DOCUMENTS,
    DEFAULT_TRANCHE_PLAN,
    TARGETS,
    Agreement,
    DocumentType,
    Programme,
    TranchePlanItem,
    rib_with_key,
    validate_rib,
)
from .requests import (
    ExpenseLine,
    FinanceCheck,
    ReportSection,
    SupportingDocument,
    TrancheRequest,
    TrancheReview,
    canonical_json,
    snapshot_sha256,
)
from .tranches import Tranche
from .verification import BeneficiarySample, SampleContact

__all__ = [
    "BANK_DETAILS_CIPHER",
    "DEFAULT_REQUIRED_DOCUMENTS",
    "DEFAULT_TRANCHE_PLAN",
    "TARGETS",
    "Agreement",
    "AgreementAmendment",
    "AgreementImport",
    "AppendOnlyError",
    "AuditLog",
    "BankDetailsChange",
    "BeneficiarySample",
    "BudgetLine",
    "DocumentType",
    "EvidencePack",
    "ExpenseLine",
    "FinanceCheck",
    "Programme",
    "ReportSection",
    "SampleContact",
    "SupportingDocument",
    "Tranche",
    "TranchePlanItem",
    "TrancheRequest",
    "TrancheReview",
    "canonical_json",
    "rib_with_key",
    "snapshot_sha256",
    "validate_rib",
]
