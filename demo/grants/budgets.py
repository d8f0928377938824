"""A budget for every demo agreement: lines by expense category adding up to its amount, and
the demo requests' expenses put on the line of their category.

Run after the requests exist (demo/seed.py): the budgets are written in bulk, around
``budget_lines_set`` (which refuses a budget once expenses exist, as the demo's do), and are
written once: an agreement that has a budget keeps it."""

from decimal import Decimal

from django.db import transaction

from grants.models import Agreement, BudgetLine, ExpenseLine

CENT = Decimal("0.01")
# Shares of the amount, in %: trainers, venue, travel, catering, materials, equipment,
# communication, administration (the rest goes to the last line, so the total is exact).
SHARES = [
    ("trainers", 40),
    ("venue", 15),
    ("travel", 10),
    ("catering", 8),
    ("materials", 12),
    ("equipment", 7),
    ("communication", 4),
    ("administration", 4),
]
# Every third agreement keeps less for its venues (and more for its trainers): when its
# request spends on venues what the others do, the budget page flags the line as overspent.
LEAN_VENUE = [("trainers", 47), ("venue", 8)]


def _shares(agreement) -> list[tuple[str, int]]:
    tail = agreement.reference.rsplit("-", 1)[-1]
    number = int(tail) if tail.isdigit() else 0
    if number % 3:
        return SHARES
    lean = dict(LEAN_VENUE)
    return [(code, lean.get(code, share)) for code, share in SHARES]


def _lines(agreement) -> list[BudgetLine]:
    lines, total = [], Decimal("0")
    shares = _shares(agreement)
    for position, (code, share) in enumerate(shares, start=1):
        if position < len(shares):
            amount = (agreement.amount * share / 100).quantize(CENT)
        else:
            amount = agreement.amount - total
        total += amount
        lines.append(
            BudgetLine(agreement=agreement, category=code, amount=amount, position=position)
        )
    return [line for line in lines if line.amount > 0]


@transaction.atomic
def seed_budgets() -> int:
    """Give every agreement without a budget its lines; returns how many agreements got one."""
    missing = list(Agreement.objects.filter(budget_lines__isnull=True, amount__gt=0).distinct())
    BudgetLine.objects.bulk_create([line for agreement in missing for line in _lines(agreement)])
    # The demo's expenses (entered before the budgets) go on the line of their category.
    lines = {
        (line.agreement_id, line.category): line.pk
        for line in BudgetLine.objects.filter(label="").only("pk", "agreement_id", "category")
    }
    expenses = list(
        ExpenseLine.objects.filter(budget_line__isnull=True).select_related("request__tranche")
    )
    for expense in expenses:
        expense.budget_line_id = lines.get((expense.request.tranche.agreement_id, expense.category))
    ExpenseLine.objects.bulk_update(
        [e for e in expenses if e.budget_line_id], ["budget_line"], batch_size=500
    )
    return len(missing)


def seed(*, rng, context, log):
    count = seed_budgets()
    log(f"Budgets: {count} set; {BudgetLine.objects.count()} budget lines.")
