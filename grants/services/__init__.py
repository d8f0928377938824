"""Operations that change grants data. Each writes in a transaction and logs to the audit log."""

from .amendments import agreement_amend, agreement_convention_attach
from .programmes import (
    agreement_create,
    agreement_update,
    programme_create,
    programme_tranche_plan_set,
    programme_update,
)
from .requests import (
    tranche_request_create,
    tranche_request_document_add,
    tranche_request_document_remove,
    tranche_request_submit,
    tranche_request_update,
)
from .review import tranche_request_review, tranche_request_review_start
from .tranches import (
    TRANSITIONS,
    Actor,
    agreement_tranches_create,
    tranche_amounts,
    tranche_payment_record,
    tranche_transition,
)

__all__ = [
    "TRANSITIONS",
    "Actor",
    "agreement_amend",
    "agreement_convention_attach",
    "agreement_create",
    "agreement_tranches_create",
    "agreement_update",
    "programme_create",
    "programme_tranche_plan_set",
    "programme_update",
    "tranche_amounts",
    "tranche_payment_record",
    "tranche_request_create",
    "tranche_request_document_add",
    "tranche_request_document_remove",
    "tranche_request_review",
    "tranche_request_review_start",
    "tranche_request_submit",
    "tranche_request_update",
    "tranche_transition",
]
