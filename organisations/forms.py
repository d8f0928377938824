from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Membership, Organisation


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = Membership.ROLES_BY_KIND[organisation.kind]
        self.fields["role"].choices = [
            (value, label) for value, label in Membership.Role.choices if value in allowed
        ]
