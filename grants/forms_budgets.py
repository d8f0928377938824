"""Forms of an agreement's budget and bank details. They parse and check input; the services
(grants/services/budgets.py, bank_details.py) decide and write."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from .forms import ACCEPT, PrivateFileField
from .models import validate_rib


class BudgetLineForm(forms.Form):
    category = forms.ChoiceField(label=_("Budget category"))
    label = forms.CharField(label=_("Label (optional)"), max_length=200, required=False)
    amount = forms.DecimalField(
        label=_("Amount (MAD)"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={
            "min_value": _("An amount is a positive number of dirhams."),
            "invalid": _("Enter an amount in dirhams."),
            "max_decimal_places": _("Amounts have at most two decimals."),
        },
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The blank first choice keeps an untouched extra row unchanged (the formset skips it).
        self.fields["category"].choices = BLANK_CHOICE_DASH + list(categories)


class BaseBudgetLineFormSet(forms.BaseFormSet):
    def lines(self) -> list[dict]:
        """The filled rows in order, without the deleted ones."""
        return [
            {k: form.cleaned_data[k] for k in ("category", "label", "amount")}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


BudgetLineFormSet = forms.formset_factory(
    BudgetLineForm, formset=BaseBudgetLineFormSet, extra=3, can_delete=True
)


class RibField(forms.CharField):
    """24 digits with their key; spaces typed between the groups are ignored."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "dir": "ltr",
            "inputmode": "numeric",
            "autocomplete": "off",
        }

    def clean(self, value):
        value = "".join((super().clean(value) or "").split())
        if value:
            validate_rib(value)
        return value


class BankDetailsChangeForm(forms.Form):
    bank_name = forms.CharField(label=_("Bank"), max_length=100)
    rib = RibField(label=_("New RIB"), help_text=_("24 digits; spaces are ignored."))
    document = PrivateFileField(
        label=_("The bank's certificate of the account (PDF, JPEG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    reason = forms.CharField(
        label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Say why the bank details change."))
        return reason
