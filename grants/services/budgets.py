"""An agreement's budget: its lines by category, set by the programme officer before any
expense is reported against them (afterwards, only a signed amendment changes them)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.templatetags.tamkeen import mad
from organisations import permissions

from ..audit import audit_record
from ..models import Agreement, BudgetLine
from ..selectors_budgets import agreement_has_expenses, budget_categories_for

__all__ = ["budget_categories_for", "budget_lines_set", "mad_amount"]


def mad_amount(value, *, message=None) -> Decimal:
    """A positive amount in dirhams with at most two decimals, or a translated refusal."""
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(_("Enter an amount in dirhams."), code="amount_invalid") from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError(
            message or _("An amount is a positive number of dirhams."), code="amount_not_positive"
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("Amounts have at most two decimals."), code="amount_invalid")
    if amount >= Decimal("1e10"):
        raise ValidationError(_("This amount is too large."), code="amount_too_large")
    return amount.quantize(Decimal("0.01"))


def _state(lines) -> list[dict]:
    return [{"category": li.category, "label": li.label, "amount": li.amount} for li in lines]


@transaction.atomic
def budget_lines_set(*, agreement: Agreement, lines, by) -> list[BudgetLine]:
    """Replace the budget of ``agreement``: ``lines`` are dicts (category, label, amount) in
    the order shown. The categories are the programme's; the lines add up to the agreement's
    amount exactly. Refused once an expense was reported against the budget."""
    if not permissions.can_edit_budget(by, agreement):
        raise PermissionDenied(_("Only the programme officer sets an agreement's budget."))
    # Locked: two officers saving at once make one budget, not a mix of both.
    agreement = (
        Agreement.objects.select_for_update().select_related("programme").get(pk=agreement.pk)
    )
    if agreement_has_expenses(agreement=agreement):
        raise ValidationError(
            _(
                "Expenses have already been reported against this budget: it can now change "
                "only through a signed amendment. Record an amendment of the agreement."
            ),
            code="budget_in_use",
        )
    codes = {code for code, _label in budget_categories_for(agreement.programme)}
    new, seen, errors = [], set(), []
    for position, data in enumerate(lines):
        category = (data.get("category") or "").strip()
        label = " ".join((data.get("label") or "").split())
        number = position + 1
        if category not in codes:
            errors.append(
                ValidationError(
                    _("Line %(number)s: choose one of the programme's budget categories."),
                    code="category_unknown",
                    params={"number": number},
                )
            )
            continue
        if len(label) > 200:
            errors.append(
                ValidationError(
                    _("Line %(number)s: the label has at most 200 characters."),
                    code="label_too_long",
                    params={"number": number},
                )
            )
            continue
        try:
            amount = mad_amount(data.get("amount"))
        except ValidationError as error:
            errors.append(
                ValidationError(
                    _("Line %(number)s: %(error)s"),
                    code=error.code,
                    params={"number": number, "error": error.messages[0]},
                )
            )
            continue
        if (category, label) in seen:
            errors.append(
                ValidationError(
                    _("Line %(number)s: another line has the same category and label."),
                    code="line_duplicate",
                    params={"number": number},
                )
            )
            continue
        seen.add((category, label))
        new.append(
            BudgetLine(
                agreement=agreement,
                category=category,
                label=label,
                amount=amount,
                position=number,
            )
        )
    if errors:
        raise ValidationError(errors)
    if not new:
        raise ValidationError(_("A budget has at least one line."), code="budget_empty")
    total = sum((line.amount for line in new), Decimal("0"))
    if total != agreement.amount:
        raise ValidationError(
            _(
                "The budget lines add up to %(total)s; they must add up to the agreement's "
                "amount, %(amount)s."
            ),
            code="budget_total",
            params={"total": mad(total), "amount": mad(agreement.amount)},
        )
    before = list(agreement.budget_lines.all())
    agreement.budget_lines.all().delete()
    created = BudgetLine.objects.bulk_create(new)
    audit_record(
        actor=by,
        action="budget.set",
        obj=agreement,
        before={"lines": _state(before)},
        after={"lines": _state(created), "total": total},
    )
    return created
