"""Template filters for the domain's formats."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def mad(value, decimals=2):
    """A dirham amount in the active locale: ``1 250 000,00 MAD`` or ``1 250 000,00 درهم``."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    formatted = number_format(amount, decimal_pos=int(decimals), use_l10n=True, force_grouping=True)
    # Translators: the currency written after an amount, e.g. "1 000,00 MAD"
    currency = _("MAD")
    return f"{formatted}\u00a0{currency}"
