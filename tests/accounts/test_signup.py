"""Sign-up, log-in and the profile, through allauth's real views."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.services import user_create
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _signup(client, language="ar", **overrides):
    data = {
        "email": "citizen@example.org",
        "full_name_ar": "مواطنة",
        "full_name_latin": "",
        "preferred_language": "ar",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent_processing": "on",
        **overrides,
    }
    with translation.override(language):
        url = reverse("account_signup")
    return client.post(url, data)


def test_signup_creates_an_unverified_account_and_sends_the_confirmation_through_the_queue(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="citizen@example.org")
    assert user.full_name_ar == "مواطنة"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["citizen@example.org"]


def test_signup_with_a_taken_email_is_refused_in_french(client):
    UserFactory(email="taken@example.org")
    response = _signup(client, language="fr", email="Taken@example.org")
    assert response.status_code == 200
    assert "Un autre utilisateur utilise déjà cette adresse e-mail." in response.content.decode()
    assert User.objects.count() == 1


def test_signup_with_a_weak_password_is_refused_in_arabic(client):
    response = _signup(client, password1="12345678", password2="12345678")
    assert response.status_code == 200
    assert "كلمة المرور" in response.content.decode()
    assert not User.objects.exists()


def test_signup_without_any_name_is_refused(client):
    response = _signup(client, language="en", full_name_ar="", full_name_latin="")
    assert response.status_code == 200
    assert "Give your name in Arabic script, in Latin script, or both." in response.content.decode()
    assert not User.objects.exists()


def test_a_verified_user_logs_in_with_their_email(client):
    user = UserFactory(email="reader@example.org")
    response = client.post(
        reverse("account_login"), {"login": "READER@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_profile_saves_optional_fields_and_refuses_a_future_birth_year(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("accounts:profile")
    response = client.post(
        url,
        {
            "full_name_ar": "اسم",
            "full_name_latin": "Name",
            "preferred_language": "fr",
            "gender": "female",
            "birth_year": "2999",
        },
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.birth_year is None
    response = client.post(
        url,
        {
            "full_name_ar": "اسم",
            "full_name_latin": "Name",
            "preferred_language": "fr",
            "gender": "female",
            "birth_year": "1990",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.gender, user.birth_year, user.preferred_language) == ("female", 1990, "fr")


def test_the_profile_needs_a_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_user_create_validates_the_profile():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        user_create(email="x@example.org", gender="unknown")
    assert not User.objects.exists()


def test_emails_are_stored_lowercase_and_display_name_prefers_arabic():
    user = user_create(email="Mixed@Example.ORG", full_name_ar="سارة", full_name_latin="Sara")
    assert user.email == "mixed@example.org"
    assert user.display_name == "سارة"


def test_the_signup_form_proposes_the_language_of_the_page(client):
    response = client.get("/fr/accounts/signup/")
    assert response.context["form"]["preferred_language"].value() == "fr"
