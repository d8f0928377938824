"""Agreement-page panels of this part of grants (grants/panels.py): the budget with what was
spent against each line, and the history of the bank details."""

from organisations import permissions

from .panels import register_panel
from .selectors_budgets import agreement_budget
from .services import bank_details


def budget_panel(request, agreement) -> dict:
    user = request.user
    can_change_bank = permissions.can_change_bank_details(user, agreement)
    budget = agreement_budget(agreement=agreement)
    return {
        "budget": budget,
        "can_edit": permissions.can_edit_budget(user, agreement),
        "locked": budget["has_expenses"],
        "can_change_bank": can_change_bank,
        "bank_changes": (
            list(agreement.bank_details_changes.select_related("changed_by")[:10])
            if can_change_bank or permissions.can_see_bank_details(user, agreement)
            else []
        ),
    }


register_panel("budget", template="grants/budgets/panel.html", context=budget_panel, order=20)
bank_details.register()
