"""Finance's check of an approved tranche request, before any payment (two steps, as for an
invoice): cleared for payment, or sent back to the programme officer with a reason."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations import permissions

from .. import notifications
from ..audit import audit_record
from ..models import FinanceCheck, Tranche, TrancheRequest
from .tranches import conflict_of_interest_check, tranche_transition

R = TrancheRequest.Status
T = Tranche.Status
D = FinanceCheck.Decision


def _check_finance(by, agreement):
    conflict_of_interest_check(by, agreement)
    if not permissions.can_check_finance(by, agreement):
        raise PermissionDenied(_("Only the funder's finance staff check requests for payment."))


def _approved_request(request: TrancheRequest) -> TrancheRequest:
    current = TrancheRequest.objects.select_for_update().get(pk=request.pk)
    tranche = Tranche.objects.get(pk=current.tranche_id)
    if current.status != R.APPROVED or tranche.status != T.APPROVED:
        raise ValidationError(
            _("This request is not waiting for finance's check."), code="not_awaiting_check"
        )
    return current


@transaction.atomic
def tranche_request_finance_clear(*, request: TrancheRequest, by) -> FinanceCheck:
    """Finance clears the approved request: its tranche may now be paid."""
    agreement = request.tranche.agreement
    _check_finance(by, agreement)
    current = _approved_request(request)
    check = FinanceCheck.objects.create(request=current, checked_by=by, decision=D.CLEAR)
    tranche_transition(
        tranche=request.tranche,
        to=T.CLEARED,
        by=by,
        cleared_by=by,
        cleared_at=timezone.now(),
    )
    audit_record(
        actor=by,
        action="finance_check.clear",
        obj=current,
        before={"tranche_status": T.APPROVED},
        after={"tranche_status": T.CLEARED, "finance_check": check.pk},
    )
    return check


@transaction.atomic
def tranche_request_finance_send_back(*, request: TrancheRequest, by, reason: str) -> FinanceCheck:
    """Finance sends the approved request back to the programme officer, saying why: the
    request and its tranche return to review, and the officers are told."""
    agreement = request.tranche.agreement
    _check_finance(by, agreement)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Say why the request goes back to the programme officer."),
            code="reason_required",
        )
    current = _approved_request(request)
    check = FinanceCheck.objects.create(
        request=current, checked_by=by, decision=D.SEND_BACK, reason=reason
    )
    tranche_transition(
        tranche=request.tranche,
        to=T.UNDER_REVIEW,
        by=by,
        action="tranche.sent_back",
        approved_by=None,
        approved_at=None,
    )
    current.status = R.UNDER_REVIEW
    current.save(update_fields=["status"])
    request.status = current.status
    audit_record(
        actor=by,
        action="finance_check.send_back",
        obj=current,
        before={"status": R.APPROVED},
        after={"status": R.UNDER_REVIEW, "finance_check": check.pk, "reason": reason},
    )
    notifications.tell(
        "request_sent_back",
        recipients=notifications.officers(agreement),
        tranche=request.tranche,
        link=("grants:request_detail", [current.pk]),
        comment=reason,
    )
    return check
