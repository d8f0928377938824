"""Read queries of agreements' budgets: the categories a programme offers, and each budget
line with what was spent against it (budget, spent to date, remaining, overspent)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import get_language

from .models import BudgetLine, ExpenseLine, TrancheRequest

R = TrancheRequest.Status
# The requests whose expenses count as spent: submitted, under review or approved. A version
# sent back (changes requested) or rejected does not count; its next version will. A tranche
# has at most one such version at a time, so nothing is counted twice.
COUNTED = (R.SUBMITTED, R.RESUBMITTED, R.UNDER_REVIEW, R.APPROVED)
ZERO = Decimal("0")


def budget_categories_for(programme) -> list[tuple[str, str]]:
    """(code, label) of the programme's budget categories in the active language: its own, or
    the eight expense categories."""
    if programme.budget_categories:
        arabic = (get_language() or "ar").startswith("ar")
        return [
            (c["code"], c["label_ar"] if arabic else c["label_fr"])
            for c in programme.budget_categories
        ]
    return [(code, str(label)) for code, label in ExpenseLine.Category.choices]


def budget_line_label(line: BudgetLine, categories: dict[str, str]) -> str:
    category = categories.get(line.category, line.category)
    return f"{category} · {line.label}" if line.label else category


def agreement_has_expenses(*, agreement) -> bool:
    """True once any request of the agreement (even a draft) has an expense line: the budget
    then changes only through an amendment."""
    return ExpenseLine.objects.filter(request__tranche__agreement=agreement).exists()


@dataclass
class BudgetRow:
    line: BudgetLine | None  # None: expenses not assigned to a budget line
    label: str
    amount: Decimal | None
    this_request: Decimal
    spent: Decimal
    remaining: Decimal | None
    share: Decimal | None  # spent / budget, in %
    over: bool  # spent beyond the line's amount
    overspent: bool  # spent beyond the amount and the programme's tolerance


def _share(spent: Decimal, amount: Decimal) -> Decimal | None:
    return (spent * 100 / amount).quantize(Decimal("0.1")) if amount else None


def agreement_budget(*, agreement, request: TrancheRequest | None = None) -> dict:
    """Each budget line with its amount, what ``request`` spends on it, what was spent to date
    (the counted requests, and ``request`` too while it is a draft) and what remains; lines
    spent beyond the programme's tolerance are flagged."""
    programme = agreement.programme
    tolerance = programme.overspend_tolerance
    categories = dict(budget_categories_for(programme))
    lines = list(agreement.budget_lines.all())
    # One query for every expense of the agreement, by budget line, request and status: what
    # was spent before, what ``request`` spends, and whether any expense exists at all.
    spent_before: dict = {}
    this: dict = {}
    has_expenses = False
    grouped = (
        ExpenseLine.objects.filter(request__tranche__agreement=agreement)
        .values("budget_line", "request", "request__status")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in grouped:
        has_expenses = True
        key = row["budget_line"]
        if request is not None and row["request"] == request.pk:
            this[key] = this.get(key, ZERO) + row["total"]
        elif row["request__status"] in COUNTED:
            spent_before[key] = spent_before.get(key, ZERO) + row["total"]
    # A draft's expenses count as spent on its own pages (what it would make of the budget);
    # other drafts are not counted.
    rows = []
    for line in lines:
        now = this.get(line.pk, ZERO)
        spent = spent_before.get(line.pk, ZERO) + now
        rows.append(
            BudgetRow(
                line=line,
                label=budget_line_label(line, categories),
                amount=line.amount,
                this_request=now,
                spent=spent,
                remaining=line.amount - spent,
                share=_share(spent, line.amount),
                over=spent > line.amount,
                overspent=spent > line.amount * (1 + tolerance),
            )
        )
    unassigned_now = this.get(None, ZERO)
    unassigned = spent_before.get(None, ZERO) + unassigned_now
    if unassigned:
        rows.append(
            BudgetRow(
                line=None,
                label="",
                amount=None,
                this_request=unassigned_now,
                spent=unassigned,
                remaining=None,
                share=None,
                over=False,
                overspent=False,
            )
        )
    total_budget = sum((line.amount for line in lines), ZERO)
    total_spent = sum((row.spent for row in rows), ZERO)
    return {
        "has_budget": bool(lines),
        "rows": rows,
        "tolerance": (tolerance * 100).quantize(Decimal("1")),
        "total_budget": total_budget,
        "total_this_request": sum((row.this_request for row in rows), ZERO),
        "total_spent": total_spent,
        "total_remaining": total_budget - total_spent,
        "overspent": [row for row in rows if row.overspent],
        "with_request": request is not None,
        # Expenses exist (even in a draft): the budget changes only through an amendment.
        "has_expenses": has_expenses,
    }


def budget_line_choices(*, agreement) -> list[tuple[int, str]]:
    """The agreement's budget lines as form choices, labelled in the active language."""
    categories = dict(budget_categories_for(agreement.programme))
    return [(line.pk, budget_line_label(line, categories)) for line in agreement.budget_lines.all()]
