"""Sign-up and profile forms."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import User


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

    field_order = [
        "email",
        "full_name_ar",
        "full_name_latin",
        "preferred_language",
        "password1",
        "password2",
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
        return user


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name_ar", "full_name_latin", "preferred_language", "gender", "birth_year"]
        help_texts = {
            "gender": _("Optional. Used only in anonymous totals for the funder."),
            "birth_year": _("Optional. Used only in anonymous age bands for the funder."),
        }

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("A birth year cannot be in the future."))
        return year
