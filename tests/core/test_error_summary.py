"""The error summary counts what it lists (#21): every non-field and field error, one entry per
message, formsets included; the title's plural follows that count (Arabic has a dual: a summary
of three errors must not say "the two errors")."""

import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import ngettext


class TwoRulesForm(forms.Form):
    name = forms.CharField()
    email = forms.EmailField()
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_name(self):
        raise ValidationError(["Too short.", "Not in Arabic script."])

    def clean(self):
        raise ValidationError("The form as a whole is wrong.")


def _summary(form, language="ar") -> tuple[str, list[str]]:
    with translation.override(language):
        html = render_to_string("includes/error_summary.html", {"form": form})
    title = re.search(r'<p class="error-summary__title">(.*?)</p>', html, re.S)
    items = re.findall(r"<li>(.*?)</li>", html, re.S)
    return (title.group(1).strip() if title else ""), items


def _title(count, language="ar") -> str:
    with translation.override(language):
        return ngettext(
            "Please correct the error below.", "Please correct the errors below.", count
        )


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_title_counts_every_error_listed_not_the_fields(language):
    form = TwoRulesForm(data={"name": "x", "email": "not an address"})
    title, items = _summary(form, language)
    # One error of the whole form, two of the name, one of the e-mail: four, on two fields.
    assert len(items) == 4
    assert title == _title(4, language)
    assert title != _title(2, language) or language == "fr"


def test_a_field_with_two_errors_is_listed_twice_with_its_link():
    form = TwoRulesForm(data={"name": "x", "email": "a@example.org"})
    _title_text, items = _summary(form)
    name_items = [item for item in items if 'href="#id_name"' in item]
    assert len(name_items) == 2
    assert len(items) == 3


def test_a_formset_summary_lists_each_forms_errors_and_its_own():
    class Row(forms.Form):
        amount = forms.IntegerField()

    class Rows(forms.BaseFormSet):
        def clean(self):
            raise ValidationError("The rows do not add up.")

    formset = forms.formset_factory(Row, formset=Rows, extra=0)(
        data={
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "0",
            "form-0-amount": "many",
            "form-1-amount": "1.5",
        }
    )
    title, items = _summary(formset)
    assert len(items) == 3
    assert title == _title(3)
    assert 'href="#id_form-0-amount"' in "".join(items)


def test_an_unbound_or_valid_form_shows_no_summary():
    assert _summary(TwoRulesForm()) == ("", [])

    class Fine(forms.Form):
        name = forms.CharField()

    assert _summary(Fine(data={"name": "ok"})) == ("", [])
