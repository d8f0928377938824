"""Forms of the attendance pages: they parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation

from ..models import AttendanceRecord, Participant
from .checkin import CODE_LENGTH

Status = AttendanceRecord.Status


class MarkForm(forms.Form):
    person = forms.RegexField(regex=r"^[up]\d{1,12}$", widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=Status.choices)
    scan = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Needed only to change a mark that was corrected with a reason (the service decides).
    reason = forms.CharField(required=False, max_length=500)


class WalkInForm(forms.ModelForm):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, initial=Status.PRESENT)

    class Meta:
        model = Participant
        fields = [
            "name_ar",
            "name_latin",
            "phone",
            "email",
            "gender",
            "birth_year",
            "member_association",
        ]
        widgets = {
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "birth_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_association"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.MEMBER
        ).order_by("name_fr")
        self.fields["name_ar"].widget.attrs.update({"dir": "rtl", "lang": "ar"})
        self.fields["name_latin"].widget.attrs.update({"dir": "ltr"})

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("name_ar", "").strip() or cleaned.get("name_latin", "").strip()):
            raise forms.ValidationError(_("Enter the person's name."), code="name_required")
        return cleaned

    def participant_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CorrectionForm(forms.Form):
    record = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Correct status"), choices=Status.choices)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code shown on the screen"),
        min_length=CODE_LENGTH,
        max_length=CODE_LENGTH,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "dir": "ltr",
            }
        ),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class ScanUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Signed sheet (PDF, JPEG or PNG, 10 MB at most)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class CloseForm(forms.Form):
    headcount = forms.IntegerField(label=_("Headcount"), min_value=0, max_value=100000)
    organisations_present = forms.ModelMultipleChoiceField(
        label=_("Member associations present"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    report = forms.CharField(
        label=_("Short report"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    photos_consent = forms.BooleanField(label=_("Participants consented to photos"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations_present"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.MEMBER
        ).order_by("name_fr")
