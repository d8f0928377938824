"""Sign-up and profile forms."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import ConsentRecord, User
from .national_id import national_id_enabled


class SignupForm(AllauthSignupForm):
    """allauth's sign-up with the names and language Tamkeen needs; gender and birth year are
    optional and explained."""

    full_name_ar = forms.CharField(
        label=_("Full name in Arabic script"), max_length=150, required=False
    )
    full_name_latin = forms.CharField(
        label=_("Full name in Latin script"), max_length=150, required=False
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=User._meta.get_field("preferred_language").choices
    )

    # The sign-up template shows the full sentence, with a link to the notice; this short
    # label names the field in the error summary.
    consent_processing = forms.BooleanField(
        label=_("Consent to the privacy notice"),
        required=True,
        error_messages={"required": _("You must accept the privacy notice to create an account.")},
    )
    consent_photos = forms.BooleanField(
        label=_("Photos of me taken at sessions may be published (optional)."),
        required=False,
        help_text=_("You can change this at any time under My data."),
    )

    field_order = [
        "email",
        "full_name_ar",
        "full_name_latin",
        "preferred_language",
        "password1",
        "password2",
        "consent_processing",
        "consent_photos",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = (get_language() or "ar").split("-")[0]
        self.fields["preferred_language"].initial = language

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("full_name_ar", "").strip()
            and not cleaned.get("full_name_latin", "").strip()
        ):
            raise forms.ValidationError(
                _("Give your name in Arabic script, in Latin script, or both."),
                code="name_required",
            )
        return cleaned

    def save(self, request):
        user = super().save(request)
        user.full_name_ar = self.cleaned_data["full_name_ar"].strip()
        user.full_name_latin = self.cleaned_data["full_name_latin"].strip()
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.save(update_fields=["full_name_ar", "full_name_latin", "preferred_language"])
        from .services import consent_record

        consent_record(
            user=user, purpose=ConsentRecord.Purpose.PROCESSING, given=True, source="signup"
        )
        consent_record(
            user=user,
            purpose=ConsentRecord.Purpose.PHOTOS,
            given=self.cleaned_data.get("consent_photos", False),
            source="signup",
        )
        return user


class ProfileForm(forms.ModelForm):
    """The profile; the national ID number appears only where its collection is authorized."""

    class Meta:
        model = User
        fields = ["full_name_ar", "full_name_latin", "preferred_language", "gender", "birth_year"]
        help_texts = {
            "gender": _("Optional. Used only in anonymous totals for the funder."),
            "birth_year": _("Optional. Used only in anonymous age bands for the funder."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if national_id_enabled():
            self.fields["national_id"] = forms.CharField(
                label=_("National ID number (CIN)"),
                max_length=20,
                required=False,
                help_text=_("Optional. Stored encrypted; shown to nobody but you."),
            )

    def clean_national_id(self):
        value = self.cleaned_data.get("national_id", "").strip().upper()
        if value and not value.isalnum():
            raise forms.ValidationError(_("Letters and digits only."))
        return value

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("A birth year cannot be in the future."))
        return year


class ConsentForm(forms.Form):
    photos = forms.BooleanField(
        label=ConsentRecord.Purpose.PHOTOS.label,
        required=False,
        help_text=_("Untick to withdraw: photos already published are taken down on request."),
    )


class EraseAccountForm(forms.Form):
    """Erasing is final: the person proves it is them (password) and says they mean it."""

    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        required=False,
    )
    email = forms.CharField(
        label=_("Type your e-mail address"),
        required=False,
        help_text=_("Your account has no password: type its e-mail address to confirm."),
    )
    understood = forms.BooleanField(
        label=_(
            "I understand that my account and my name are erased for good, and that my "
            "attendance and certificates stay counted for the funder without my name."
        ),
        required=True,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            del self.fields["email"]
            self.fields["password"].required = True
        else:
            del self.fields["password"]
            self.fields["email"].required = True

    def clean_password(self):
        password = self.cleaned_data.get("password", "")
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password

    def clean_email(self):
        email = self.cleaned_data.get("email", "").strip().lower()
        if email != self.user.email.lower():
            raise forms.ValidationError(_("This is not your account's e-mail address."))
        return email
