from django import forms
from django.utils.translation import gettext_lazy as _

from .verification import MAX_TOKEN_LENGTH


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "dir": "ltr"}),
    )


class CredentialForm(forms.Form):
    token = forms.CharField(
        label=_("Paste the credential (VC-JWT)"),
        required=False,
        max_length=MAX_TOKEN_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "ltr", "spellcheck": "false"}),
    )
    file = forms.FileField(label=_("or upload the credential file"), required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_TOKEN_LENGTH:
                raise forms.ValidationError(_("This file is too large to be a credential."))
            data["token"] = upload.read().decode("utf-8", "replace")
        if not (data.get("token") or "").strip():
            raise forms.ValidationError(_("Paste a credential or choose its file."))
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
