"""Forms of the programme pages: a programme and its tranche plan, an agreement (with its holder
association chosen or created), an amendment, the signed convention, an import file. They only
parse; the services (grants/services/programmes.py, amendments.py, imports.py) decide."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation, Province, Region

from .models import TARGETS, DocumentType, Programme, TranchePlanItem, validate_rib

NEW_ASSOCIATION_FIELDS = ("new_registration_number", "new_name_ar", "new_name_fr", "new_province")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(forms.ModelForm):
    themes_text = forms.CharField(
        label=_("Themes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One theme a line."),
    )
    required_documents = forms.MultipleChoiceField(
        label=_("Required supporting documents"),
        choices=DocumentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_target_share_percent = forms.IntegerField(
        label=_("Minimum share of each target to reach (%)"), min_value=0, max_value=100
    )

    class Meta:
        model = Programme
        fields = [
            "field",
            "title_ar",
            "title_fr",
            "year",
            "strategy_reference",
            "starts_on",
            "ends_on",
            "beneficiary_rule",
            "beneficiary_min_course_share",
            "report_due_days",
            "report_reminder_days",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_ar"].widget.attrs["dir"] = "rtl"
        self.fields["title_fr"].widget.attrs["dir"] = "ltr"
        self.fields["year"].min_value = 2000
        instance = self.instance
        if instance.pk:
            self.initial["themes_text"] = "\n".join(instance.themes)
            self.initial["required_documents"] = instance.required_documents
            self.initial["min_target_share_percent"] = int(instance.min_target_share * 100)
        else:
            self.initial.setdefault("min_target_share_percent", 50)
            self.initial.setdefault(
                "required_documents", ["attendance_sheets", "invoices", "bank_statement"]
            )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise ValidationError(_("Enter a year between 2000 and 2100."))
        return year

    def values(self) -> dict:
        data = self.cleaned_data
        values = {name: data[name] for name in self.Meta.fields}
        values["themes"] = [
            line.strip() for line in data.get("themes_text", "").splitlines() if line.strip()
        ]
        values["required_documents"] = list(data.get("required_documents") or [])
        values["min_target_share"] = (Decimal(data["min_target_share_percent"]) / 100).quantize(
            Decimal("0.01")
        )
        return values


class TrancheForm(forms.Form):
    number = forms.IntegerField(label=_("Tranche"), min_value=1, max_value=20, required=False)
    share = forms.DecimalField(
        label=_("Share (%)"),
        min_value=Decimal("0.01"),
        max_value=100,
        decimal_places=2,
        required=False,
    )
    trigger = forms.ChoiceField(
        label=_("Released"),
        choices=[("", "—"), *TranchePlanItem.Trigger.choices],
        required=False,
    )

    def clean(self):
        data = super().clean()
        given = [data.get(name) not in (None, "") for name in ("number", "share", "trigger")]
        if any(given) and not all(given):
            raise ValidationError(_("Give the tranche's number, share and release, or none."))
        data["empty"] = not any(given)
        return data


class BaseTranchePlanFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        plan = self.plan()
        if not plan:
            raise ValidationError(_("A tranche plan has at least one tranche."))
        if sum(share for _n, share, _t in plan) != Decimal("100"):
            raise ValidationError(_("The tranche shares must add up to 100%."))
        if sorted(n for n, _s, _t in plan) != list(range(1, len(plan) + 1)):
            raise ValidationError(_("Tranches are numbered 1, 2, 3…"))

    def plan(self) -> list[tuple[int, Decimal, str]]:
        return sorted(
            (form.cleaned_data["number"], form.cleaned_data["share"], form.cleaned_data["trigger"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("empty", True)
        )


TranchePlanFormSet = forms.formset_factory(
    TrancheForm, formset=BaseTranchePlanFormSet, extra=2, max_num=20, absolute_max=20
)


def plan_initial(programme) -> list[dict]:
    return [
        {"number": item.number, "share": item.share, "trigger": item.trigger}
        for item in programme.tranche_plan.all()
    ]


def _target_fields(form):
    for key, label in TARGETS:
        form.fields[f"target_{key}"] = forms.IntegerField(label=label, min_value=0, initial=0)


class AgreementForm(forms.Form):
    """A new agreement. The holder association is chosen, or created from the fields below."""

    reference = forms.CharField(label=_("Reference number"), max_length=50)
    association = forms.ModelChoiceField(
        label=_("Trainer association"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.TRAINER).order_by("name_fr"),
        required=False,
        empty_label=_("— a new association (below) —"),
    )
    new_registration_number = forms.CharField(
        label=_("New association: registration number"), max_length=50, required=False
    )
    new_name_ar = forms.CharField(
        label=_("New association: name in Arabic"), max_length=200, required=False
    )
    new_name_fr = forms.CharField(
        label=_("New association: name in French"), max_length=200, required=False
    )
    new_province = forms.ModelChoiceField(
        label=_("New association: province"),
        queryset=Province.objects.select_related("region").order_by("region__code", "code"),
        required=False,
    )
    project_title_ar = forms.CharField(label=_("Project title in Arabic"), max_length=255)
    project_title_fr = forms.CharField(label=_("Project title in French"), max_length=255)
    project_summary = forms.CharField(
        label=_("Project summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    amount = forms.DecimalField(
        label=_("Amount (MAD)"), max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )
    target_women_share_percent = forms.IntegerField(
        label=_("Target: share of women (%)"), min_value=0, max_value=100, initial=0
    )
    target_regions = forms.ModelMultipleChoiceField(
        label=_("Target: regions covered"), queryset=Region.objects.all(), required=False
    )
    bank_name = forms.CharField(label=_("Bank"), max_length=100, required=False)
    rib = forms.CharField(label=_("RIB"), max_length=40, required=False, help_text=_("24 digits."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _target_fields(self)
        for name in ("new_name_ar", "project_title_ar"):
            self.fields[name].widget.attrs["dir"] = "rtl"
        self.fields["rib"].widget.attrs.update(dir="ltr", inputmode="numeric")

    def clean_rib(self):
        rib = "".join(self.cleaned_data.get("rib", "").split())
        if rib:
            validate_rib(rib)
        return rib

    def clean(self):
        data = super().clean()
        if not data.get("association"):
            missing = [name for name in NEW_ASSOCIATION_FIELDS if not data.get(name)]
            for name in missing:
                self.add_error(
                    name, _("Choose an association above, or fill this in to create it.")
                )
        return data

    def new_association(self) -> dict | None:
        data = self.cleaned_data
        if data.get("association"):
            return None
        return {
            "registration_number": data["new_registration_number"],
            "name_ar": data["new_name_ar"],
            "name_fr": data["new_name_fr"],
            "region": data["new_province"].region,
            "province": data["new_province"],
        }

    def agreement_values(self) -> dict:
        data = self.cleaned_data
        return {
            "reference": data["reference"].strip(),
            "project_title_ar": data["project_title_ar"],
            "project_title_fr": data["project_title_fr"],
            "project_summary": data["project_summary"],
            "signed_on": data["signed_on"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "amount": data["amount"],
            "targets": {key: data[f"target_{key}"] for key, _l in TARGETS},
            "target_women_share": (Decimal(data["target_women_share_percent"]) / 100).quantize(
                Decimal("0.01")
            ),
            "target_regions": list(data["target_regions"]),
            "bank_name": data["bank_name"],
            "rib": data["rib"],
        }


class AgreementEditForm(forms.Form):
    """What changes without an amendment. Bank details change on their own form, with the
    bank's certificate (grants/services/bank_details.py)."""

    project_title_ar = forms.CharField(label=_("Project title in Arabic"), max_length=255)
    project_title_fr = forms.CharField(label=_("Project title in French"), max_length=255)
    project_summary = forms.CharField(
        label=_("Project summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    target_regions = forms.ModelMultipleChoiceField(
        label=_("Target: regions covered"), queryset=Region.objects.all(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project_title_ar"].widget.attrs["dir"] = "rtl"

    def values(self) -> dict:
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in ("project_title_ar", "project_title_fr", "project_summary", "signed_on")
        }
        values["target_regions"] = list(data["target_regions"])
        return values


class AmendmentForm(forms.Form):
    signed_on = forms.DateField(label=_("Amendment signed on"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    amount = forms.DecimalField(
        label=_("Amount (MAD)"), max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    document = forms.FileField(
        label=_("Signed amendment (PDF)"), widget=forms.ClearableFileInput(attrs={"accept": ".pdf"})
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        _target_fields(self)
        self.order_fields(
            ["signed_on", "reason", "amount", "starts_on", "ends_on"]
            + [f"target_{key}" for key, _l in TARGETS]
            + ["document"]
        )
        self.initial.update(
            amount=agreement.amount,
            starts_on=agreement.starts_on,
            ends_on=agreement.ends_on,
            **{f"target_{key}": value for key, value in agreement.targets().items()},
        )

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "signed_on": data["signed_on"],
            "reason": data["reason"],
            "amount": data["amount"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "targets": {key: data[f"target_{key}"] for key, _l in TARGETS},
            "document": data["document"],
        }


class ConventionForm(forms.Form):
    document = forms.FileField(
        label=_("Signed convention (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File of agreements (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
