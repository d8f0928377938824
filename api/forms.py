import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import WebhookSubscription
from .scopes import SCOPES


class ApiClientForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("Organisation"))
    name = forms.CharField(label=_("Name"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=list(SCOPES.items()), widget=forms.CheckboxSelectMultiple
    )
    acting_user = forms.EmailField(
        label=_("Acts as (e-mail of a member of the organisation)"),
        required=False,
        help_text=_("Empty: you. Its rights are those of this person, narrowed by the scopes."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["acting_user"].widget.attrs["dir"] = "ltr"

    def clean_acting_user(self):
        email = self.cleaned_data.get("acting_user")
        if not email:
            return None
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("Nobody has this e-mail address."))
        return user

    def clean_expires_on(self):
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
        if moment <= timezone.now():
            raise forms.ValidationError(_("The expiry must be in the future."))
        return moment


class WebhookForm(forms.Form):
    url = forms.URLField(label=_("Receiver URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookSubscription.Event.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].widget.attrs["dir"] = "ltr"
