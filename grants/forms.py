"""Forms of the grants pages. They parse and check input; the services decide and write."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import BLANK_CHOICE_DASH
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .checklist import JUSTIFICATION_MAX
from .claims import MAX_CLAIM, claim_labels
from .files import validate_upload
from .models import DocumentType, ExpenseLine, ReportSection, TrancheReview

ACCEPT = "application/pdf,image/jpeg,image/png"


class PrivateFileField(forms.FileField):
    """Checks the first bytes and size on the form too, so errors show beside the field."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            validate_upload(upload)
        return upload


class SectionForm(forms.Form):
    kind = forms.ChoiceField(choices=ReportSection.Kind.choices, widget=forms.HiddenInput)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.initial.get("kind") or self.data.get(self.add_prefix("kind"))
        self.fields["text"].label = dict(ReportSection.Kind.choices).get(kind, _("Text"))


# The blank first choice keeps an untouched extra row unchanged, so the formset skips it
# instead of asking for its label and amount (a select otherwise sends its first option).
class ExpenseLineForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    category = forms.ChoiceField(
        label=_("Budget category"), choices=BLANK_CHOICE_DASH + ExpenseLine.Category.choices
    )
    label = forms.CharField(label=_("Label"), max_length=200)
    amount = forms.DecimalField(
        label=_("Amount (MAD)"), max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )
    receipt = PrivateFileField(
        label=_("Receipt (PDF, JPEG or PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    # Against the agreement's budget (part B of #17): the line, and the receipt's date and number.
    budget_line = forms.TypedChoiceField(label=_("Budget line"), coerce=int, required=False)
    receipt_date = forms.DateField(
        label=_("Receipt date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=60, required=False)

    def __init__(self, *args, budget_lines=(), starts_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.starts_on = starts_on
        if budget_lines:
            # With a budget, each expense names its line; the category follows from it.
            self.fields["budget_line"].choices = BLANK_CHOICE_DASH + list(budget_lines)
            self.fields["budget_line"].required = True
            self.fields["category"].required = False
            self.order_fields(["id", "budget_line"])
        else:
            del self.fields["budget_line"]

    def clean_receipt_date(self):
        day = self.cleaned_data.get("receipt_date")
        if day and day > timezone.localdate():
            raise ValidationError(_("A receipt cannot be dated in the future."))
        if day and self.starts_on and day < self.starts_on:
            raise ValidationError(
                _("A receipt cannot be dated before the agreement starts (%(day)s)."),
                params={"day": date_format(self.starts_on, "SHORT_DATE_FORMAT")},
            )
        return day


def expense_line_form_kwargs(agreement) -> dict:
    """``form_kwargs`` of ExpenseLineFormSet for a request of ``agreement``."""
    from .selectors_budgets import budget_line_choices

    return {
        "budget_lines": budget_line_choices(agreement=agreement),
        "starts_on": agreement.starts_on,
    }


class DocumentForm(forms.Form):
    document_type = forms.ChoiceField(
        label=_("Type of document"), choices=BLANK_CHOICE_DASH + DocumentType.choices
    )
    file = PrivateFileField(
        label=_("File (PDF, JPEG or PNG, 10 MB at most)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


SectionFormSet = forms.formset_factory(SectionForm, extra=0)
ExpenseLineFormSet = forms.formset_factory(ExpenseLineForm, extra=2, can_delete=True)
DocumentFormSet = forms.formset_factory(DocumentForm, extra=2)


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Payment reference"), max_length=100)


class ClaimsForm(forms.Form):
    """The narrative report's headline figures, as whole numbers (``grants.claims``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in claim_labels():
            self.fields[code] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=MAX_CLAIM,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                error_messages={"invalid": _("Enter a whole number.")},
            )

    def cleaned_claims(self) -> dict:
        return {code: value for code, value in self.cleaned_data.items() if value is not None}


REVIEW_FORM_ID = "review-form"


class ReviewForm(forms.Form):
    """The officer's part of the checklist, then the decision. Figure items are computed
    (``grants.checklist``): for an unmet one the officer may tick "override" and must then
    justify it; judgement items are answered met / not met, with a note. Every field belongs
    to the form ``review-form`` wherever the page places it."""

    ANSWERS = [("yes", _("Met")), ("no", _("Not met"))]

    decision = forms.ChoiceField(
        label=_("Decision"), choices=TrancheReview.Decision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment to the association"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            if item.is_figure:
                if item.met:
                    continue
                self.fields[f"override_{item.code}"] = forms.BooleanField(
                    label=_("Override: pass this item anyway"), required=False
                )
                self.fields[f"justification_{item.code}"] = forms.CharField(
                    label=_("Justification (required to override)"),
                    max_length=JUSTIFICATION_MAX,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
            else:
                self.fields[f"item_{item.code}"] = forms.ChoiceField(
                    label=item.label, choices=self.ANSWERS, widget=forms.RadioSelect
                )
                self.fields[f"note_{item.code}"] = forms.CharField(
                    label=_("Note"), max_length=500, required=False
                )
        # Decision and comment come last on the page.
        self.order_fields([name for name in self.fields if name not in ("decision", "comment")])
        for field in self.fields.values():
            field.widget.attrs["form"] = REVIEW_FORM_ID

    def clean(self):
        cleaned = super().clean()
        for item in self.items:
            if not item.is_figure or item.met:
                continue
            justification = (cleaned.get(f"justification_{item.code}") or "").strip()
            if cleaned.get(f"override_{item.code}") and not justification:
                self.add_error(
                    f"justification_{item.code}",
                    _("Say why you pass this item although the figures do not."),
                )
        return cleaned

    def rows(self):
        """(item, first field, second field) per item, for the template: the override and
        its justification of an unmet figure item, the answer and note of a judgement item,
        nothing to fill for a met figure item."""
        rows = []
        for item in self.items:
            if item.is_figure:
                names = (f"override_{item.code}", f"justification_{item.code}")
            else:
                names = (f"item_{item.code}", f"note_{item.code}")
            if names[0] in self.fields:
                rows.append((item, self[names[0]], self[names[1]]))
            else:
                rows.append((item, None, None))
        return rows

    def cleaned_checklist(self) -> dict:
        answers = {}
        for item in self.items:
            if item.is_figure:
                if item.met:
                    continue
                answers[item.code] = {
                    "override": bool(self.cleaned_data.get(f"override_{item.code}")),
                    "justification": self.cleaned_data.get(f"justification_{item.code}", ""),
                }
            else:
                answers[item.code] = (
                    self.cleaned_data[f"item_{item.code}"] == "yes",
                    self.cleaned_data[f"note_{item.code}"],
                )
        return answers


def attach_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: beside the field it names when there is one
    (an override's justification), else as a non-field error."""
    for item in getattr(error, "error_list", [error]):
        field = f"justification_{getattr(item, 'item_code', '')}"
        form.add_error(field if field in form.fields else None, item)
