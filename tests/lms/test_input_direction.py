"""E-mail, web and phone inputs are left-to-right even inside an Arabic form."""

import re

import pytest
from django import forms


class _Form(forms.Form):
    email = forms.EmailField()
    website = forms.URLField()
    phone = forms.CharField(widget=forms.TextInput(attrs={"type": "tel"}))
    name = forms.CharField()
    explicit = forms.EmailField(widget=forms.EmailInput(attrs={"dir": "auto"}))


def _input(html: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)


def test_email_url_and_phone_inputs_are_left_to_right_and_text_inputs_follow_the_page():
    html = str(_Form().as_div())
    for name in ("email", "website", "phone"):
        assert 'dir="ltr"' in _input(html, name), name
    assert "dir=" not in _input(html, "name")
    explicit = _input(html, "explicit")
    assert 'dir="auto"' in explicit and 'dir="ltr"' not in explicit


@pytest.mark.django_db
def test_the_arabic_sign_up_and_login_pages_write_the_address_left_to_right(client):
    for path in ("/ar/accounts/signup/", "/ar/accounts/login/"):
        html = client.get(path).content.decode()
        email = re.search(r'<input[^>]*type="email"[^>]*>', html).group(0)
        assert 'dir="ltr"' in email, path
