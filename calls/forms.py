"""Forms of the calls pages: they parse input; the services check and write."""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from .answers import budget_categories, target_keys
from .models import SCALE_MAX, SCALE_MIN, Call, CommitteeMember, Question

ACCEPT = "application/pdf,image/jpeg,image/png"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = [
            "title_ar",
            "title_fr",
            "text_ar",
            "text_fr",
            "opens_at",
            "closes_at",
            "min_years_registered",
            "eligible_regions",
            "expected_agreements",
            "allow_several_applications",
            "max_amount",
            "max_per_region",
            "min_score",
            "reserve_size",
            "anonymised_review",
        ]
        widgets = {
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
            "text_ar": forms.Textarea(attrs={"rows": 6, "dir": "rtl"}),
            "text_fr": forms.Textarea(attrs={"rows": 6, "dir": "ltr"}),
            "title_ar": forms.TextInput(attrs={"dir": "rtl"}),
            "title_fr": forms.TextInput(attrs={"dir": "ltr"}),
            "eligible_regions": forms.CheckboxSelectMultiple,
        }
        help_texts = {"opens_at": _("Casablanca time."), "closes_at": _("Casablanca time.")}


class CallCreateForm(CallForm):
    programme = forms.ModelChoiceField(queryset=None, label=_("programme"))

    class Meta(CallForm.Meta):
        fields = ["programme", *CallForm.Meta.fields]

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes


class SectionRowForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title_ar = forms.CharField(label=_("title in Arabic"), max_length=200)
    title_fr = forms.CharField(label=_("title in French"), max_length=200)


class QuestionRowForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    section = forms.ModelChoiceField(queryset=None, label=_("section"))
    kind = forms.ChoiceField(choices=Question.Kind.choices, label=_("kind"))
    label_ar = forms.CharField(label=_("question in Arabic"), max_length=255)
    label_fr = forms.CharField(label=_("question in French"), max_length=255)
    help_ar = forms.CharField(label=_("help in Arabic"), max_length=255, required=False)
    help_fr = forms.CharField(label=_("help in French"), max_length=255, required=False)
    required = forms.BooleanField(label=_("required"), required=False)

    def __init__(self, *args, sections=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections


class DocumentRowForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    code = forms.SlugField(label=_("code"), max_length=40)
    label_ar = forms.CharField(label=_("document in Arabic"), max_length=200)
    label_fr = forms.CharField(label=_("document in French"), max_length=200)
    required = forms.BooleanField(label=_("required"), required=False)


class CriterionRowForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    label_ar = forms.CharField(label=_("criterion in Arabic"), max_length=200)
    label_fr = forms.CharField(label=_("criterion in French"), max_length=200)
    weight = forms.IntegerField(label=_("weight"), min_value=1, max_value=100)
    descriptors_ar = forms.CharField(
        label=_("descriptors in Arabic (one line per mark, 0 to 5)"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "rtl"}),
        required=False,
    )
    descriptors_fr = forms.CharField(
        label=_("descriptors in French (one line per mark, 0 to 5)"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "ltr"}),
        required=False,
    )


class RuleRowForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    label_ar = forms.CharField(label=_("rule in Arabic"), max_length=255)
    label_fr = forms.CharField(label=_("rule in French"), max_length=255)


def row_formset(form, extra=1):
    return formset_factory(form, extra=extra, can_delete=True)


class ApplicationForm(forms.Form):
    """The call's own form: the common questions, then each section's questions; tables
    (activities, budget) have a few empty rows more than saved."""

    project_title_ar = forms.CharField(
        label=_("Project title in Arabic"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"dir": "rtl"}),
    )
    project_title_fr = forms.CharField(
        label=_("Project title in French"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    registered_on = forms.DateField(
        label=_("Date of the association's legal registration"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    members_count = forms.IntegerField(
        label=_("Number of members"), required=False, min_value=0, max_value=1_000_000
    )
    requested_amount = forms.DecimalField(
        label=_("Amount requested (MAD)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )

    BASE = (
        "project_title_ar",
        "project_title_fr",
        "registered_on",
        "members_count",
        "requested_amount",
    )

    def __init__(self, *args, application, **kwargs):
        self.application = application
        call = application.call
        initial = {name: getattr(application, name) for name in self.BASE}
        answers = application.answers
        self.questions = list(Question.objects.filter(section__call=call).select_related("section"))
        self.categories = budget_categories(call.programme)
        self.targets = target_keys()
        self.table_rows = {}
        for question in self.questions:
            value = answers.get(question.key)
            if question.kind in (Question.Kind.ACTIVITIES, Question.Kind.BUDGET):
                self.table_rows[question.pk] = max(len(value or []) + 2, 4)
                for i, row in enumerate(value or []):
                    for name, cell in row.items():
                        initial[f"{question.key}_{i}_{name}"] = cell
            elif question.kind == Question.Kind.TARGETS:
                for key, count in (value or {}).items():
                    initial[f"{question.key}_{key}"] = count
            else:
                initial[question.key] = value
        super().__init__(*args, initial=initial, **kwargs)
        for question in self.questions:
            key = question.key
            label = question.label
            if question.kind == Question.Kind.TEXT:
                self.fields[key] = forms.CharField(label=label, required=False, max_length=500)
            elif question.kind == Question.Kind.LONG_TEXT:
                self.fields[key] = forms.CharField(
                    label=label, required=False, widget=forms.Textarea(attrs={"rows": 5})
                )
            elif question.kind == Question.Kind.NUMBER:
                self.fields[key] = forms.CharField(
                    label=label,
                    required=False,
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                )
            elif question.kind == Question.Kind.TARGETS:
                for target, target_label in self.targets:
                    self.fields[f"{key}_{target}"] = forms.IntegerField(
                        label=target_label, required=False, min_value=0
                    )
            elif question.kind == Question.Kind.ACTIVITIES:
                for i in range(self.table_rows[question.pk]):
                    self.fields[f"{key}_{i}_title"] = forms.CharField(
                        label=_("Activity"), required=False, max_length=500
                    )
                    self.fields[f"{key}_{i}_period"] = forms.CharField(
                        label=_("Period"), required=False, max_length=100
                    )
                    self.fields[f"{key}_{i}_description"] = forms.CharField(
                        label=_("Description"), required=False, max_length=2000
                    )
            elif question.kind == Question.Kind.BUDGET:
                choices = [("", "—"), *self.categories]
                for i in range(self.table_rows[question.pk]):
                    self.fields[f"{key}_{i}_category"] = forms.ChoiceField(
                        label=_("Category"), choices=choices, required=False
                    )
                    self.fields[f"{key}_{i}_label"] = forms.CharField(
                        label=_("Line"), required=False, max_length=200
                    )
                    self.fields[f"{key}_{i}_amount"] = forms.CharField(
                        label=_("Amount (MAD)"),
                        required=False,
                        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                    )

    def layout(self) -> list:
        """[(section, [(question, kind, fields)])] where a table's fields are rows of fields."""
        sections: dict = {}
        for question in self.questions:
            key = question.key
            if question.kind in (Question.Kind.ACTIVITIES, Question.Kind.BUDGET):
                columns = (
                    ("title", "period", "description")
                    if question.kind == Question.Kind.ACTIVITIES
                    else ("category", "label", "amount")
                )
                fields = [
                    [self[f"{key}_{i}_{c}"] for c in columns]
                    for i in range(self.table_rows[question.pk])
                ]
            elif question.kind == Question.Kind.TARGETS:
                fields = [self[f"{key}_{t}"] for t, _l in self.targets]
            else:
                fields = self[key]
            sections.setdefault(question.section, []).append((question, fields))
        return list(sections.items())

    def base_values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.BASE} | {
            "project_title_ar": self.cleaned_data.get("project_title_ar", ""),
            "project_title_fr": self.cleaned_data.get("project_title_fr", ""),
        }

    def answers(self) -> dict:
        data = self.cleaned_data
        answers = {}
        for question in self.questions:
            key = question.key
            if question.kind == Question.Kind.TARGETS:
                answers[key] = {
                    t: data.get(f"{key}_{t}")
                    for t, _l in self.targets
                    if data.get(f"{key}_{t}") is not None
                }
            elif question.kind in (Question.Kind.ACTIVITIES, Question.Kind.BUDGET):
                columns = (
                    ("title", "period", "description")
                    if question.kind == Question.Kind.ACTIVITIES
                    else ("category", "label", "amount")
                )
                answers[key] = [
                    {c: data.get(f"{key}_{i}_{c}") or "" for c in columns}
                    for i in range(self.table_rows[question.pk])
                ]
            else:
                answers[key] = data.get(key) or ""
        return answers


class DocumentUploadForm(forms.Form):
    document = forms.ModelChoiceField(queryset=None, label=_("Document"))
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = call.documents.all()


class ScreeningForm(forms.Form):
    reason = forms.CharField(
        label=_("Further reason (shown to the association)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = list(rules)
        for rule in self.rules:
            self.fields[f"rule_{rule.pk}"] = forms.TypedChoiceField(
                label=rule.label,
                choices=[("", "—"), ("yes", _("Met")), ("no", _("Not met"))],
                required=False,
            )
            self.fields[f"reason_{rule.pk}"] = forms.CharField(
                label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def manual(self) -> dict:
        values = {}
        for rule in self.rules:
            answer = self.cleaned_data.get(f"rule_{rule.pk}")
            met = {"yes": True, "no": False}.get(answer)
            values[rule.pk] = (met, self.cleaned_data.get(f"reason_{rule.pk}", ""))
        return values


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name_ar = forms.CharField(label=_("Full name in Arabic"), required=False, max_length=150)
    full_name_latin = forms.CharField(
        label=_("Full name in Latin script"), required=False, max_length=150
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=CommitteeMember.Kind.choices)
    institution = forms.CharField(label=_("Institution"), required=False, max_length=200)


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this application?"),
        choices=[
            ("no", _("No: I have no link with the applicant")),
            ("yes", _("Yes: I withdraw from this application")),
        ],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ScoreForm(forms.Form):
    """One mark and comment per criterion; the marks are checked again by the service."""

    def __init__(self, *args, criteria, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        choices = [("", "—")] + [(str(m), str(m)) for m in range(SCALE_MIN, SCALE_MAX + 1)]
        for criterion in self.criteria:
            score = existing.get(criterion.pk)
            self.fields[f"mark_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.label,
                choices=choices,
                required=False,
                initial=str(score.value) if score else "",
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.comment if score else "",
            )
        # The service says what is wrong with a mark (e.g. outside the scale); the form passes
        # through what was sent so that message is the one shown.
        for criterion in self.criteria:
            self.fields[f"mark_{criterion.pk}"].validate = lambda value: None
            self.fields[f"mark_{criterion.pk}"].valid_value = lambda value: True

    def scores(self) -> dict:
        return {
            c.pk: (
                self.data.get(self.add_prefix(f"mark_{c.pk}"), ""),
                self.cleaned_data.get(f"comment_{c.pk}", ""),
            )
            for c in self.criteria
        }

    def rows(self):
        return [(c, self[f"mark_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]


class AgreementForm(forms.Form):
    reference = forms.CharField(label=_("Agreement reference"), max_length=50)
    signed_on = forms.DateField(
        label=_("signed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    starts_on = forms.DateField(
        label=_("starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(
        label=_("amount (MAD)"), max_digits=12, decimal_places=2, min_value=0
    )
