"""Tranches: creation from the programme's plan (with the period each verified tranche reports
on and its reports' due date), the transition table, payments.

Separation of duties: the officer approves, then finance checks (clears the request for
payment or sends it back, ``grants.services.finance``), then finance pays. Nobody reviews,
checks or pays a request of an association they are a member of; the approver neither checks
nor pays; the person who cleared a request does not pay it when the funder has another finance
member who may (with a single one, the payment is allowed and the audit entry says so)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations import permissions

from .. import notifications
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


def _not_the_approver_checking(tranche, by):
    if by is not None and tranche.approved_by_id == by.pk:
        return (
            _("The person who approved this tranche cannot also check it for payment."),
            "approver_cannot_check",
        )
    return None


def _finance_colleagues(tranche, by) -> int:
    """How many other finance members of the funder may pay this tranche."""
    from organisations.models import Membership

    agreement = tranche.agreement
    return (
        Membership.objects.filter(
            organisation_id=agreement.programme.funder_id,
            role=Membership.Role.FINANCE,
            user__is_active=True,
        )
        .exclude(user_id__in=[by.pk, tranche.approved_by_id or 0])
        .exclude(
            user_id__in=Membership.objects.filter(organisation_id=agreement.association_id).values(
                "user_id"
            )
        )
        .values("user_id")
        .distinct()
        .count()
    )


def _not_the_approver_nor_the_checker(tranche, by):
    problem = _not_the_approver(tranche, by)
    if problem or by is None or tranche.cleared_by_id != by.pk:
        return problem
    if _finance_colleagues(tranche, by):
        return (
            _(
                "You cleared this request for payment: another member of the finance staff "
                "records the payment."
            ),
            "checker_cannot_pay",
        )
    return None


# The one place that says how a tranche's status may change, and who may change it. A tranche
# released by verified achievement goes: payable → requested → under review → approved (the
# officer) → cleared for payment (finance's check; or back to under review with a reason) →
# paid (finance).
TRANSITIONS: dict[tuple[str, str], Edge] = {
    (S.PLANNED, S.PAYABLE): Edge(Actor.SYSTEM),
    (S.PAYABLE, S.PAID): Edge(Actor.FINANCE, _only_on_signature),
    (S.PAYABLE, S.REQUESTED): Edge(Actor.ASSOCIATION),
    (S.REQUESTED, S.UNDER_REVIEW): Edge(Actor.OFFICER),
    (S.UNDER_REVIEW, S.CHANGES_REQUESTED): Edge(Actor.OFFICER),
    (S.CHANGES_REQUESTED, S.REQUESTED): Edge(Actor.ASSOCIATION),
    (S.UNDER_REVIEW, S.APPROVED): Edge(Actor.OFFICER),
    (S.UNDER_REVIEW, S.REJECTED): Edge(Actor.OFFICER),
    (S.APPROVED, S.CLEARED): Edge(Actor.FINANCE, _not_the_approver_checking),
    (S.APPROVED, S.UNDER_REVIEW): Edge(Actor.FINANCE, _not_the_approver_checking),
    (S.CLEARED, S.PAID): Edge(Actor.FINANCE, _not_the_approver_nor_the_checker),
}

# Statuses in which a tranche waits for finance: its check, then its payment.
AWAITING_FINANCE = {S.APPROVED, S.CLEARED}


def conflict_of_interest_check(by, agreement) -> None:
    """Refuse, with the reason, anyone who is a member of the agreement's association."""
    if by is not None and permissions.is_member_of_association(by, agreement):
        raise PermissionDenied(
            _(
                "You are a member of this association: someone else must review, check or "
                "pay its requests."
            )
        )


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
    if edge.actor in (Actor.OFFICER, Actor.FINANCE):
        conflict_of_interest_check(by, tranche.agreement)
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


def tranche_periods(
    starts_on: datetime.date, ends_on: datetime.date, count: int
) -> list[tuple[datetime.date, datetime.date]]:
    """``count`` consecutive periods of equal length covering [starts_on, ends_on] (both
    ends included); the last takes the days left over. One period: the whole agreement."""
    if count <= 0:
        return []
    length = max(1, ((ends_on - starts_on).days + 1) // count)
    periods = []
    for index in range(count):
        start = min(starts_on + datetime.timedelta(days=index * length), ends_on)
        end = starts_on + datetime.timedelta(days=(index + 1) * length - 1)
        periods.append((start, ends_on if index == count - 1 else min(end, ends_on)))
    return periods


def tranche_schedule(agreement, plan) -> dict[int, tuple]:
    """Tranche number → (period start, period end, reports due on) for the tranches of
    ``plan`` (number, share, trigger) released by verified achievement."""
    verified = [
        number
        for number, _s, trigger in plan
        if trigger == TranchePlanItem.Trigger.ON_VERIFIED_ACHIEVEMENT
    ]
    due_days = datetime.timedelta(days=agreement.programme.report_due_days)
    periods = tranche_periods(agreement.starts_on, agreement.ends_on, len(verified))
    return {
        number: (start, end, end + due_days)
        for number, (start, end) in zip(sorted(verified), periods, strict=True)
    }


@transaction.atomic
def agreement_tranches_create(*, agreement) -> list[Tranche]:
    """Create the agreement's tranches from its programme's plan; those released on
    signature become payable at once. The tranches released by verified achievement split the
    agreement's period into consecutive periods of equal length: each one's request reports
    on its own period, and its reports are due the programme's ``report_due_days`` after it
    ends. Calling it again returns the existing tranches."""
    existing = list(agreement.tranches.order_by("number"))
    if existing:
        return existing
    plan = [
        (item.number, item.share, item.trigger) for item in agreement.programme.tranche_plan.all()
    ] or DEFAULT_TRANCHE_PLAN
    amounts = tranche_amounts(agreement.amount, [share for _n, share, _t in plan])
    schedule = tranche_schedule(agreement, plan)
    tranches = []
    for (number, share, trigger), amount in zip(plan, amounts, strict=True):
        start, end, due = schedule.get(number, (None, None, None))
        tranche = Tranche.objects.create(
            agreement=agreement,
            number=number,
            share=share,
            amount=amount,
            trigger=trigger,
            period_starts_on=start,
            period_ends_on=end,
            report_due_on=due,
        )
        audit_record(
            actor=None, action="tranche.created", obj=tranche, after=tranche_state(tranche)
        )
        if trigger == TranchePlanItem.Trigger.ON_SIGNATURE:
            tranche_transition(tranche=tranche, to=S.PAYABLE, by=None)
        tranches.append(tranche)
    return tranches


def _local_day(moment):
    return timezone.localdate(moment) if moment else None


@transaction.atomic
def tranche_payment_record(*, tranche: Tranche, by, paid_on, reference: str) -> Tranche:
    """Finance staff record a transfer: a tranche paid on signature once payable, any other
    once finance cleared its approved request. The payment is not dated before the agreement
    was signed, the approval or the clearance. The next tranche of the plan becomes payable
    (its request may now be submitted), and the association is told."""
    conflict_of_interest_check(by, tranche.agreement)
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
    if current.status == S.APPROVED:
        raise ValidationError(
            _("Finance must first check this request and clear it for payment."),
            code="not_cleared",
        )
    for moment, message in (
        (current.approved_at, _("The payment date is before the request was approved.")),
        (current.cleared_at, _("The payment date is before the request was cleared.")),
    ):
        day = _local_day(moment)
        if day and paid_on < day:
            raise ValidationError(message, code="paid_before_approval")
    alone = (
        current.status == S.CLEARED
        and current.cleared_by_id == by.pk
        and not _finance_colleagues(current, by)
    )
    tranche_transition(
        tranche=tranche,
        to=S.PAID,
        by=by,
        paid_on=paid_on,
        payment_reference=reference,
        paid_by=by,
    )
    if alone:
        # Allowed, and said: the funder has no other finance member who may pay it.
        audit_record(
            actor=by,
            action="tranche.paid_by_checker",
            obj=tranche,
            after={"reason": "single_finance_member", "cleared_by": by.pk},
        )
    following = (
        Tranche.objects.filter(agreement_id=tranche.agreement_id, number=tranche.number + 1)
        .select_related("agreement")
        .first()
    )
    if following is not None and following.status == S.PLANNED:
        tranche_transition(tranche=following, to=S.PAYABLE, by=None)
    notifications.tell(
        "payment_recorded",
        recipients=notifications.association_admins(tranche.agreement),
        tranche=tranche,
        link=("grants:agreement_detail", [tranche.agreement_id]),
    )
    return tranche
