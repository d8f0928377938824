"""Amounts and dates are written the way each language writes them."""

import datetime
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from core.templatetags.tamkeen import mad


def test_mad_amounts_use_local_grouping_and_decimal_comma():
    with translation.override("fr"):
        assert mad(Decimal("1250000")) == "1\u00a0250\u00a0000,00\u00a0MAD"
    with translation.override("en"):
        assert mad("1250000.5") == "1,250,000.50\u00a0MAD"


def test_mad_in_arabic_keeps_western_digits_and_says_dirham():
    with translation.override("ar"):
        text = mad(Decimal("300000"))
    assert text.startswith("300\u00a0000,00")
    assert text.endswith("درهم")


def test_mad_refuses_garbage_quietly():
    assert mad("not a number") == ""
    assert mad(None) == ""


def test_dates_follow_the_language():
    template = Template('{{ day|date:"DATE_FORMAT" }}')
    day = datetime.date(2023, 12, 19)
    with translation.override("fr"):
        assert template.render(Context({"day": day})) == "19 décembre 2023"
    with translation.override("ar"):
        assert template.render(Context({"day": day})).startswith("19 ")
