"""Signing in: staff who reach personal data or payments must set up a second factor before
anything else, and password guessing from one address is stopped after five failures."""

import pytest
from allauth.account.adapter import get_adapter
from allauth.mfa.models import Authenticator
from django.contrib.messages import WARNING, get_messages
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from lms.settings import base as base_settings
from organisations.permissions import requires_mfa

from ..factories.accounts import PASSWORD, UserFactory
from ..factories.mfa import NOT_STAFF, STAFF, totp_code, with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def mfa_required(settings):
    # lms/settings/test.py turns the rule off for the rest of the suite.
    settings.MFA_REQUIRED_FOR_STAFF = True


def _setup_url(language="fr"):
    with translation.override(language):
        return reverse("mfa_activate_totp")


# --- The predicate ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(STAFF))
def test_staff_roles_require_a_second_factor(role):
    assert requires_mfa(STAFF[role]())


@pytest.mark.parametrize("role", sorted(NOT_STAFF))
def test_other_roles_do_not(role):
    assert not requires_mfa(NOT_STAFF[role]())


def test_nobody_signed_out_or_deactivated_requires_it():
    from django.contrib.auth.models import AnonymousUser

    assert not requires_mfa(AnonymousUser())
    officer = STAFF["officer"]()
    officer.is_active = False
    assert not requires_mfa(officer)


# --- The middleware --------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(STAFF))
def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, mfa_required, role):
    client.force_login(STAFF[role]())
    response = client.get("/fr/me/")
    assert response.status_code == 302
    assert response["Location"] == _setup_url("fr")
    # A message says why (its wording is translated, so only its level is checked).
    assert [message.level for message in get_messages(response.wsgi_request)] == [WARNING]


@pytest.mark.parametrize("path", ["/ar/", "/admin/", "/fr/grants/dashboard/"])
def test_every_page_leads_to_the_setup_including_the_admin(client, mfa_required, officer, path):
    client.force_login(officer)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/2fa/totp/activate/")


def test_an_officer_with_an_authenticator_app_goes_where_they_asked(client, mfa_required, officer):
    # Through the real pages: a session signed in without the code is not trusted
    # (tests/accounts/test_one_login.py).
    secret = with_totp(officer)
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()
    with translation.override("fr"):
        login, authenticate = reverse("account_login"), reverse("mfa_authenticate")
    client.post(login, {"login": officer.email, "password": PASSWORD})
    client.post(authenticate, {"code": totp_code(secret)})
    assert client.get("/fr/me/").status_code == 200


def test_recovery_codes_alone_are_not_a_second_factor(client, mfa_required, officer):
    Authenticator.objects.create(
        user=officer, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"}
    )
    client.force_login(officer)
    assert client.get("/fr/me/")["Location"] == _setup_url("fr")


@pytest.mark.parametrize("role", sorted(NOT_STAFF))
def test_other_people_are_never_redirected(client, mfa_required, role):
    client.force_login(NOT_STAFF[role]())
    assert client.get("/fr/me/").status_code == 200
    assert client.get("/ar/").status_code == 200


def test_the_setup_account_and_logout_pages_stay_open(client, mfa_required, officer):
    client.force_login(officer)
    setup = _setup_url("fr")
    # The setup page may first ask for the password again, never for itself in a loop.
    response = client.get(setup)
    assert response.status_code in (200, 302)
    assert response.get("Location") != setup
    for name in ("account_email", "account_change_password", "mfa_index"):
        with translation.override("fr"):
            url = reverse(name)
        assert client.get(url).get("Location") != setup, name
    assert client.get("/health/").get("Location") != setup
    assert client.post("/i18n/setlang/", {"language": "ar", "next": "/ar/"}).status_code == 302
    with translation.override("fr"):
        logout = reverse("account_logout")
    response = client.post(logout)
    assert response.status_code == 302
    assert response["Location"] != setup
    assert "_auth_user_id" not in client.session


def test_static_files_are_never_redirected(client, mfa_required, officer):
    client.force_login(officer)
    response = client.get("/static/css/site.css")
    assert response.get("Location") != _setup_url("fr")


def test_the_rule_can_be_switched_off_for_the_demo(client, settings, officer):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(officer)
    assert client.get("/fr/me/").status_code == 200


def test_production_requires_it_by_default():
    assert base_settings.MFA_REQUIRED_FOR_STAFF is True


# --- Password guessing -----------------------------------------------------------------------


@pytest.fixture
def rate_limits(settings):
    # lms/settings/test.py switches rate limits off; this test checks the real ones.
    settings.ACCOUNT_RATE_LIMITS = base_settings.ACCOUNT_RATE_LIMITS
    cache.clear()
    yield
    cache.clear()


def test_the_sixth_failed_login_in_five_minutes_from_one_address_is_refused(client, rate_limits):
    url = "/en/accounts/login/"
    # Different e-mail addresses each time: only the per-address limit can stop them.
    for attempt in range(5):
        response = client.post(url, {"login": f"guess{attempt}@example.org", "password": "nope"})
        assert response.status_code == 200
        codes = [error.code for error in response.context["form"].errors.as_data()["__all__"]]
        assert codes == ["email_password_mismatch"], attempt
    response = client.post(url, {"login": "guess5@example.org", "password": "nope"})
    errors = response.context["form"].errors.as_data()["__all__"]
    assert [error.code for error in errors] == ["too_many_login_attempts"]
    with translation.override("en"):
        expected = str(get_adapter().error_messages["too_many_login_attempts"])
    assert expected in response.content.decode()
    # Even the right password is refused from that address until the window has passed.
    person = UserFactory()
    response = client.post(url, {"login": person.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
