"""``{% budget_actuals tranche_request %}``: the budget against actuals table of a request's
agreement, for the request pages (grants/templates/grants/budgets/actuals_table.html)."""

from django import template

from ..selectors_budgets import agreement_budget, budget_categories_for, budget_line_label

register = template.Library()


@register.inclusion_tag("grants/budgets/actuals_table.html")
def budget_actuals(tranche_request):
    agreement = tranche_request.tranche.agreement
    return {"budget": agreement_budget(agreement=agreement, request=tranche_request)}


@register.simple_tag
def budget_line_name(expense_line, tranche_request) -> str:
    """The budget line an expense is spent against, labelled in the active language, or its
    category when it names none."""
    if not expense_line.budget_line_id:
        return expense_line.get_category_display()
    programme = tranche_request.tranche.agreement.programme
    return budget_line_label(expense_line.budget_line, dict(budget_categories_for(programme)))
