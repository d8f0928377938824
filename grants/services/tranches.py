"""Tranches: creation from the programme's plan, the transition table, payments."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations import permissions

from ..audit import audit_record, tranche_state
from ..models import DEFAULT_TRANCHE_PLAN, Tranche, TranchePlanItem

S = Tranche.Status
CENTIME = Decimal("0.01")


class Actor:
    """Who may move a tranche along an edge of the table."""

    SYSTEM = "system"  # the platform itself, on signature or when the previous tranche is paid
    ASSOCIATION = "association_admin"
    OFFICER = "officer"
    FINANCE = "finance"


@dataclass(frozen=True)
class Edge:
    actor: str
    # Extra condition on the tranche and actor: returns an error (message, code) or None.
    guard: object = None


def _only_on_signature(tranche, by):
    if not tranche.is_on_signature:
        return _("This tranche is paid only after its request is approved."), "review_required"
    return None


def _not_the_approver(tranche, by):
    if by is not None and tranche.approved_by_id == by.pk:
        return (
            _("The person who approved this tranche cannot also record its payment."),
            "approver_cannot_pay",
        )
    return None


# The one place that says how a tranche's status may change, and who may change it.
TRANSITIONS: dict[tuple[str, str], Edge] = {
    (S.PLANNED, S.PAYABLE): Edge(Actor.SYSTEM),
    (S.PAYABLE, S.PAID): Edge(Actor.FINANCE, _only_on_signature),
    (S.PAYABLE, S.REQUESTED): Edge(Actor.ASSOCIATION),
    (S.REQUESTED, S.UNDER_REVIEW): Edge(Actor.OFFICER),
    (S.UNDER_REVIEW, S.CHANGES_REQUESTED): Edge(Actor.OFFICER),
    (S.CHANGES_REQUESTED, S.REQUESTED): Edge(Actor.ASSOCIATION),
    (S.UNDER_REVIEW, S.APPROVED): Edge(Actor.OFFICER),
    (S.UNDER_REVIEW, S.REJECTED): Edge(Actor.OFFICER),
    (S.APPROVED, S.PAID): Edge(Actor.FINANCE, _not_the_approver),
}


def _label(status: str) -> str:
    return str(dict(S.choices).get(status, status))


def _actor_may(actor: str, by, agreement) -> bool:
    if actor == Actor.SYSTEM:
        return by is None
    if by is None:
        return False
    check = {
        Actor.ASSOCIATION: permissions.can_request_tranche,
        Actor.OFFICER: permissions.can_review_tranche_request,
        Actor.FINANCE: permissions.can_record_payment,
    }[actor]
    return check(by, agreement)


@transaction.atomic
def tranche_transition(*, tranche: Tranche, to: str, by, action: str = "", **changes) -> Tranche:
    """Move ``tranche`` to ``to`` if the table allows it for ``by`` (None: the platform),
    applying ``changes`` to its fields, and log it."""
    current = Tranche.objects.select_for_update().get(pk=tranche.pk)
    edge = TRANSITIONS.get((current.status, to))
    if edge is None:
        raise ValidationError(
            _("A tranche cannot go from “%(from)s” to “%(to)s”.")
            % {"from": _label(current.status), "to": _label(to)},
            code="illegal_transition",
        )
    if not _actor_may(edge.actor, by, tranche.agreement):
        raise PermissionDenied(_("You may not make this change to the tranche."))
    if edge.guard is not None:
        problem = edge.guard(current, by)
        if problem:
            raise ValidationError(problem[0], code=problem[1])
    before = tranche_state(current)
    tranche.status = to
    for name, value in changes.items():
        setattr(tranche, name, value)
    tranche.save(update_fields=["status", *changes])
    audit_record(
        actor=by,
        action=action or f"tranche.{to}",
        obj=tranche,
        before=before,
        after=tranche_state(tranche),
    )
    return tranche


def tranche_amounts(total: Decimal, shares: list[Decimal]) -> list[Decimal]:
    """Each share of ``total`` rounded to the centime; the last takes the remainder so the
    tranches add up to the agreement amount exactly."""
    amounts = [(total * share / 100).quantize(CENTIME, rounding=ROUND_HALF_UP) for share in shares]
    amounts[-1] = total - sum(amounts[:-1])
    return amounts


@transaction.atomic
def agreement_tranches_create(*, agreement) -> list[Tranche]:
    """Create the agreement's tranches from its programme's plan; those released on
    signature become payable at once. Calling it again returns the existing tranches."""
    existing = list(agreement.tranches.order_by("number"))
    if existing:
        return existing
    plan = [
        (item.number, item.share, item.trigger) for item in agreement.programme.tranche_plan.all()
    ] or DEFAULT_TRANCHE_PLAN
    amounts = tranche_amounts(agreement.amount, [share for _n, share, _t in plan])
    tranches = []
    for (number, share, trigger), amount in zip(plan, amounts, strict=True):
        tranche = Tranche.objects.create(
            agreement=agreement, number=number, share=share, amount=amount, trigger=trigger
        )
        audit_record(
            actor=None, action="tranche.created", obj=tranche, after=tranche_state(tranche)
        )
        if trigger == TranchePlanItem.Trigger.ON_SIGNATURE:
            tranche_transition(tranche=tranche, to=S.PAYABLE, by=None)
        tranches.append(tranche)
    return tranches


@transaction.atomic
def tranche_payment_record(*, tranche: Tranche, by, paid_on, reference: str) -> Tranche:
    """Finance staff record a transfer; the next tranche of the plan becomes payable once its
    conditions can be met (for tranche 2: a request may now be submitted)."""
    if not permissions.can_record_payment(by, tranche.agreement):
        raise PermissionDenied(_("Only the funder's finance staff record payments."))
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError(_("Enter the payment reference."), code="reference_required")
    if paid_on is None or paid_on > timezone.localdate():
        raise ValidationError(_("Enter the payment date (not in the future)."), code="paid_on")
    if paid_on < tranche.agreement.signed_on:
        raise ValidationError(
            _("The payment date is before the agreement was signed."), code="paid_on"
        )
    # The form sent twice: the second finds the payment recorded and says so, changing nothing.
    current = Tranche.objects.select_for_update().get(pk=tranche.pk)
    if current.status == S.PAID:
        raise ValidationError(
            _("This payment has already been recorded (reference %(reference)s).")
            % {"reference": current.payment_reference},
            code="illegal_transition",
        )
    tranche_transition(
        tranche=tranche,
        to=S.PAID,
        by=by,
        paid_on=paid_on,
        payment_reference=reference,
        paid_by=by,
    )
    following = (
        Tranche.objects.filter(agreement_id=tranche.agreement_id, number=tranche.number + 1)
        .select_related("agreement")
        .first()
    )
    if following is not None and following.status == S.PLANNED:
        tranche_transition(tranche=following, to=S.PAYABLE, by=None)
    return tranche
