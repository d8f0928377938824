"""E-mails name the site, whatever host the request came through."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_signup_confirmation_greets_from_tamkeen_by_name_in_french(
    client, django_capture_on_commit_callbacks
):
    with translation.override("fr"):
        url = reverse("account_signup")
    data = {
        "email": "citoyenne@example.org",
        "full_name_ar": "",
        "full_name_latin": "Citoyenne",
        "preferred_language": "fr",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent_processing": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    body = mail.outbox[0].body
    assert "Bonjour, c'est Tamkeen !" in body
