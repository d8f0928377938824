"""The programme officer's review of a tranche request, against the programme's checklist."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations import permissions

from .. import notifications
from ..audit import audit_record
from ..models import Tranche, TrancheRequest, TrancheReview
from .tranches import conflict_of_interest_check, tranche_transition

R = TrancheRequest.Status
T = Tranche.Status
D = TrancheReview.Decision


def _check_officer(by, agreement):
    conflict_of_interest_check(by, agreement)
    if not permissions.can_review_tranche_request(by, agreement):
        raise PermissionDenied(_("Only a programme officer of the funder reviews requests."))


@transaction.atomic
def tranche_request_review_start(*, request: TrancheRequest, by) -> TrancheRequest:
    """The officer opens a submitted request; opening it again changes nothing."""
    _check_officer(by, request.tranche.agreement)
    current = TrancheRequest.objects.select_for_update().get(pk=request.pk)
    if current.status == R.UNDER_REVIEW:
        request.status = current.status
        return request
    if current.status not in (R.SUBMITTED, R.RESUBMITTED):
        raise ValidationError(_("This request is not waiting for review."), code="not_submitted")
    before = {"status": current.status}
    request.status = R.UNDER_REVIEW
    request.save(update_fields=["status"])
    tranche_transition(tranche=request.tranche, to=T.UNDER_REVIEW, by=by)
    audit_record(
        actor=by,
        action="tranche_request.review_started",
        obj=request,
        before=before,
        after={"status": request.status},
    )
    return request


def _clean_checklist(programme, checklist: dict) -> dict:
    expected = [code for code, _label in programme.review_checklist()]
    unknown = set(checklist) - set(expected)
    if unknown:
        raise ValidationError(
            _("Unknown checklist items: %(items)s") % {"items": ", ".join(sorted(unknown))},
            code="checklist_unknown_item",
        )
    missing = [code for code in expected if code not in checklist]
    if missing:
        raise ValidationError(
            _("Answer every checklist item: %(items)s") % {"items": ", ".join(missing)},
            code="checklist_incomplete",
        )
    cleaned = {}
    for code in expected:
        answer = checklist[code]
        try:
            passed, comment = answer
        except (TypeError, ValueError):
            raise ValidationError(
                _("Invalid checklist answer."), code="checklist_invalid"
            ) from None
        if not isinstance(passed, bool):
            raise ValidationError(_("Invalid checklist answer."), code="checklist_invalid")
        cleaned[code] = {"passed": passed, "comment": (comment or "").strip()}
    return cleaned


@transaction.atomic
def tranche_request_review(
    *, request: TrancheRequest, by, checklist: dict, decision: str, comment: str = ""
) -> TrancheReview:
    """Decide: approve (finance checks the request, then pays), request changes (the
    association works on a new version) or reject (the tranche ends). The association's
    admins are told the decision; on approval, the funder's finance staff too."""
    agreement = request.tranche.agreement
    _check_officer(by, agreement)
    if decision not in D.values:
        raise ValidationError(_("Choose a decision."), code="decision_invalid")
    cleaned = _clean_checklist(agreement.programme, checklist)
    comment = (comment or "").strip()
    if decision == D.APPROVE and not all(item["passed"] for item in cleaned.values()):
        raise ValidationError(
            _("A request can be approved only when every checklist item passes."),
            code="checklist_failed",
        )
    if decision != D.APPROVE and not comment:
        raise ValidationError(
            _("Say what must change, or why the request is rejected."), code="comment_required"
        )
    tranche_request_review_start(request=request, by=by)
    review = TrancheReview.objects.create(
        request=request, reviewer=by, decision=decision, checklist=cleaned, comment=comment
    )
    tranche = request.tranche
    if decision == D.APPROVE:
        request.status = R.APPROVED
        tranche_transition(
            tranche=tranche, to=T.APPROVED, by=by, approved_by=by, approved_at=timezone.now()
        )
    elif decision == D.REQUEST_CHANGES:
        request.status = R.CHANGES_REQUESTED
        tranche_transition(tranche=tranche, to=T.CHANGES_REQUESTED, by=by)
    else:
        request.status = R.REJECTED
        tranche_transition(tranche=tranche, to=T.REJECTED, by=by)
    request.save(update_fields=["status"])
    audit_record(
        actor=by,
        action=f"tranche_request.{decision}",
        obj=request,
        before={"status": R.UNDER_REVIEW},
        after={
            "status": request.status,
            "review": review.pk,
            "checklist": cleaned,
            "comment": comment,
        },
    )
    kind = {
        D.APPROVE: "request_approved",
        D.REQUEST_CHANGES: "request_changes_requested",
        D.REJECT: "request_rejected",
    }[decision]
    link = ("grants:request_detail", [request.pk])
    notifications.tell(
        kind,
        recipients=notifications.association_admins(agreement),
        tranche=tranche,
        link=link,
        comment=comment,
    )
    if decision == D.APPROVE:
        notifications.tell(
            "request_to_check",
            recipients=notifications.finance_staff(agreement),
            tranche=tranche,
            link=("grants:finance_check", [request.pk]),
        )
    return review
