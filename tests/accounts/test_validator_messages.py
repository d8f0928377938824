"""Every validator message in the reader's language (#21): the password rules on the Arabic and
French sign-up pages (Django's validators, translated by Django's own catalogue), and no
English sentence left among them."""

import re

import pytest
from django.contrib.auth.password_validation import get_default_password_validators
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from accounts.models import User

pytestmark = pytest.mark.django_db


def _signup(client, language, password):
    data = {
        "email": "citizen@example.org",
        "full_name_ar": "مواطنة",
        "full_name_latin": "Citizen",
        "preferred_language": language,
        "password1": password,
        "password2": password,
        "consent_processing": "on",
    }
    with translation.override(language):
        url = reverse("account_signup")
    return client.post(url, data)


def _expected(password, language) -> list[str]:
    """What the validators say about ``password``, in ``language``."""
    with translation.override(language):
        messages = []
        for validator in get_default_password_validators():
            try:
                validator.validate(password, User(email="citizen@example.org"))
            except ValidationError as error:
                messages += error.messages
        return messages


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_password_rules_are_refused_in_the_pages_language(client, language):
    password = "12345678"  # short, common and numeric
    response = _signup(client, language, password)
    html = response.content.decode()
    assert response.status_code == 200
    expected = _expected(password, language)
    assert len(expected) >= 3
    for message in expected:
        assert escape(message) in html, message
    # None of them is in English.
    for english in ("This password is too short", "too common", "entirely numeric"):
        assert english not in html
    assert not User.objects.exists()


def test_the_arabic_password_messages_are_in_arabic_script():
    messages = _expected("12345678", "ar")
    assert messages
    for message in messages:
        assert re.search(r"[\u0600-\u06ff]", message), message
        assert not re.search(r"[A-Za-z]{3,}", message), message
