"""``{% budget_actuals tranche_request %}``: the budget against actuals table of a request's
agreement, for the request pages (grants/templates/grants/budgets/actuals_table.html)."""

from django import template

from ..selectors_budgets import agreement_budget

register = template.Library()


@register.inclusion_tag("grants/budgets/actuals_table.html")
def budget_actuals(tranche_request):
    agreement = tranche_request.tranche.agreement
    return {"budget": agreement_budget(agreement=agreement, request=tranche_request)}
