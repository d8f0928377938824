"""The programme officer's review of a tranche request, against the checklist computed from
its frozen evidence (``grants.checklist``): a figure item passes when the figures meet it, or
when the officer overrides it with a written justification, which is recorded with the review,
in the audit log, and shown to finance and auditors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations import permissions

from .. import notifications
from ..audit import audit_record
from ..checklist import JUSTIFICATION_MAX, checklist_items
from ..models import Tranche, TrancheRequest, TrancheReview
from .tranches import conflict_of_interest_check, tranche_transition

R = TrancheRequest.Status
T = Tranche.Status
D = TrancheReview.Decision
NOTE_MAX = 500


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


def _answer(answer) -> dict:
    """One posted answer as a dict: ``(passed, note)`` or ``{"passed", "note", "override",
    "justification"}``."""
    if isinstance(answer, dict):
        return answer
    try:
        passed, note = answer
    except (TypeError, ValueError):
        raise ValidationError(_("Invalid checklist answer."), code="checklist_invalid") from None
    return {"passed": passed, "note": note}


def _text(value, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(_("Invalid checklist answer."), code="checklist_invalid")
    value = value.strip()
    if len(value) > limit:
        raise ValidationError(
            _("A note or justification has at most %(limit)s characters.") % {"limit": limit},
            code="checklist_text_too_long",
        )
    return value


def checklist_evaluate(*, request: TrancheRequest, checklist: dict) -> dict:
    """The checklist as it is recorded: each figure item recomputed from the frozen evidence
    (a posted "met" for it counts for nothing), overridden only with a written justification;
    each judgement item as the officer answered it. ``{code: {"label", "source", "met",
    "override", "passed", "justification", "note", "numbers"}}`` in the checklist's order."""
    items = checklist_items(request)
    known = {item.code for item in items}
    unknown = set(checklist) - known
    if unknown:
        raise ValidationError(
            _("Unknown checklist items: %(items)s") % {"items": ", ".join(sorted(unknown))},
            code="checklist_unknown_item",
        )
    missing = [i.code for i in items if not i.is_figure and i.code not in checklist]
    if missing:
        raise ValidationError(
            _("Answer every checklist item: %(items)s") % {"items": ", ".join(missing)},
            code="checklist_incomplete",
        )
    cleaned = {}
    for item in items:
        answer = _answer(checklist.get(item.code, {}))
        note = _text(answer.get("note"), NOTE_MAX)
        if item.is_figure:
            override = answer.get("override", False)
            if not isinstance(override, bool):
                raise ValidationError(_("Invalid checklist answer."), code="checklist_invalid")
            override = override and not item.met
            justification = _text(answer.get("justification"), JUSTIFICATION_MAX)
            if override and not justification:
                error = ValidationError(
                    _("Overriding “%(item)s” needs a written justification.")
                    % {"item": item.label},
                    code="justification_required",
                )
                error.item_code = item.code  # the form shows it beside that item
                raise error
            cleaned[item.code] = {
                "label": item.label,
                "source": item.source,
                "met": item.met,
                "override": override,
                "passed": item.met or override,
                "justification": justification if override else "",
                "note": note,
                "numbers": item.numbers,
            }
        else:
            passed = answer.get("passed")
            if not isinstance(passed, bool):
                raise ValidationError(_("Invalid checklist answer."), code="checklist_invalid")
            cleaned[item.code] = {
                "label": item.label,
                "source": item.source,
                "met": passed,
                "override": False,
                "passed": passed,
                "justification": "",
                "note": note,
                "numbers": "",
            }
    return cleaned


@transaction.atomic
def tranche_request_review(
    *, request: TrancheRequest, by, checklist: dict, decision: str, comment: str = ""
) -> TrancheReview:
    """Decide: approve (finance checks the request, then pays), request changes (the
    association works on a new version) or reject (the tranche ends). ``checklist`` maps a
    judgement item's code to ``(passed, note)``, and an unmet figure item's code to
    ``{"override": True, "justification": "..."}`` to pass it anyway (see
    ``checklist_evaluate``). Approval needs every item passed. The association's admins are
    told the decision; on approval, the funder's finance staff too."""
    agreement = request.tranche.agreement
    _check_officer(by, agreement)
    if decision not in D.values:
        raise ValidationError(_("Choose a decision."), code="decision_invalid")
    cleaned = checklist_evaluate(request=request, checklist=checklist or {})
    comment = (comment or "").strip()
    failing = [item["label"] for item in cleaned.values() if not item["passed"]]
    if decision == D.APPROVE and failing:
        raise ValidationError(
            _(
                "The request cannot be approved: these items are not met and not overridden "
                "with a justification: %(items)s"
            )
            % {"items": "; ".join(failing)},
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
            "overrides": {
                code: item["justification"] for code, item in cleaned.items() if item["override"]
            },
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
