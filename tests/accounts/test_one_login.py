"""One way in: every login path goes through allauth's login, its second factor and its lockout,
driven through the real pages (no force_login except to stand for a session that some other
path opened)."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from lms.settings import base as base_settings

from ..factories.accounts import PASSWORD, UserFactory
from ..factories.mfa import STAFF, totp_code, with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True


@pytest.fixture
def rate_limits(settings):
    # lms/settings/test.py switches rate limits off; these tests need the real ones.
    settings.ACCOUNT_RATE_LIMITS = base_settings.ACCOUNT_RATE_LIMITS
    cache.clear()
    yield
    cache.clear()


def _url(name, language="fr"):
    with translation.override(language):
        return reverse(name)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _password_step(client, user, password=PASSWORD, language="fr", next_url=None):
    url = _url("account_login", language)
    if next_url:
        url += f"?next={next_url}"
    return client.post(url, {"login": user.email, "password": password})


# --- allauth's login: the second factor is asked and must be given ----------------------------


@pytest.mark.parametrize("role", sorted(STAFF))
def test_staff_with_an_authenticator_sign_in_with_the_password_then_the_code(
    client, mfa_required, role
):
    user = STAFF[role]()
    secret = with_totp(user)
    response = _password_step(client, user)
    assert response.status_code == 302
    assert response["Location"] == _url("mfa_authenticate")
    assert not _signed_in(client), "the password alone signed in"

    response = client.post(_url("mfa_authenticate"), {"code": "000000"})
    assert not _signed_in(client)
    response = client.post(_url("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert _signed_in(client)
    assert client.get("/fr/me/").status_code == 200


@pytest.mark.parametrize("role", sorted(STAFF))
def test_staff_without_an_authenticator_sign_in_then_must_set_one_up_and_may_go_on(
    client, mfa_required, role, django_capture_on_commit_callbacks
):
    user = STAFF[role]()
    response = _password_step(client, user)
    assert _signed_in(client)
    assert client.get("/fr/me/")["Location"] == _url("mfa_activate_totp")

    # The activation page shows a secret (kept in the session); a code from it activates.
    page = client.get(_url("mfa_activate_totp"))
    if page.status_code == 302:  # allauth may ask for the password again first
        client.post(page["Location"], {"password": PASSWORD})
        page = client.get(_url("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    # The session that proved it holds the app is not sent to sign in again.
    assert client.get("/fr/me/").status_code == 200
    assert _signed_in(client)


# --- Wagtail's login form: closed, it only leads to allauth's --------------------------------


@pytest.mark.parametrize("role", sorted(STAFF))
def test_the_admin_login_form_never_signs_anyone_in_with_a_password(client, mfa_required, role):
    user = STAFF[role]()
    with_totp(user)
    response = client.post(
        "/admin/login/?next=/admin/pages/", {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(_url("account_login", "ar"))
    assert not _signed_in(client)


def test_the_admin_login_leads_to_allauths_keeping_where_staff_were_going(client):
    response = client.get("/admin/login/?next=/admin/pages/3/")
    assert response.status_code == 302
    assert response["Location"] == _url("account_login", "ar") + "?next=%2Fadmin%2Fpages%2F3%2F"
    # Another site is never a destination.
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == _url("account_login", "ar") + "?next=%2Fadmin%2F"


def test_the_admin_asks_signed_out_visitors_to_sign_in_on_allauths_page(client):
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert response["Location"].split("?")[0].endswith("/accounts/login/")


def test_a_platform_admin_with_an_authenticator_reaches_the_admin_through_allauths_login(
    client, mfa_required
):
    admin = STAFF["platform admin"]()
    secret = with_totp(admin)
    _password_step(client, admin, next_url="/admin/")
    response = client.post(_url("mfa_authenticate"), {"code": totp_code(secret)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


# --- A session that skipped the second factor is not trusted ---------------------------------


@pytest.mark.parametrize("path", ["/fr/me/", "/admin/", "/fr/grants/dashboard/", "/fr/me/data/"])
def test_a_session_opened_without_the_second_factor_is_signed_out(
    client, mfa_required, officer, path
):
    with_totp(officer)
    # force_login stands for any path that would call login() without allauth's second step.
    client.force_login(officer)
    response = client.get(path)
    assert response.status_code == 302
    # In the language of the page asked for (the admin's: the default, Arabic).
    assert response["Location"].split("?")[0].endswith("/accounts/login/")
    assert not _signed_in(client)


def test_the_account_pages_are_not_open_to_such_a_session_either(client, mfa_required, officer):
    with_totp(officer)
    client.force_login(officer)
    response = client.post(_url("mfa_deactivate_totp"), {})
    assert response.status_code == 302
    assert not _signed_in(client)
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()


def test_a_finance_session_without_the_second_factor_cannot_record_a_payment(client, mfa_required):
    finance = STAFF["finance"]()
    with_totp(finance)
    client.force_login(finance)
    response = client.post("/fr/grants/tranches/1/payment/", {"amount": "1"})
    assert response.status_code == 302
    assert not _signed_in(client)


# --- The lockout holds on every path ---------------------------------------------------------


def test_an_account_locked_at_allauths_login_stays_locked_everywhere(client, rate_limits):
    person = UserFactory()
    for _attempt in range(5):
        _password_step(client, person, password="wrong-password")
    # The right password now: refused on allauth's page, and never read on the admin's.
    response = _password_step(client, person)
    assert response.status_code == 200
    assert not _signed_in(client)
    response = client.post("/admin/login/", {"username": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert not _signed_in(client)


def test_guessing_on_the_admin_login_then_the_right_password_signs_nobody_in(client, rate_limits):
    person = UserFactory(is_staff=True, is_superuser=True)
    for _attempt in range(8):
        client.post("/admin/login/", {"username": person.email, "password": "wrong-password"})
    client.post("/admin/login/", {"username": person.email, "password": PASSWORD})
    assert not _signed_in(client)


# --- One password reset: allauth's ------------------------------------------------------------


def test_the_admin_password_reset_is_off_and_sends_nothing(client):
    person = UserFactory(is_staff=True)
    assert client.get("/admin/password_reset/", follow=True).status_code == 404
    for _attempt in range(3):
        response = client.post("/admin/password_reset/", {"email": person.email}, follow=True)
        assert response.status_code == 404
    assert mail.outbox == []


def test_the_admin_account_page_offers_no_password_or_email_form_of_its_own(client, officer):
    client.force_login(officer)
    page = client.get("/admin/account/").content.decode()
    assert not re.search(r'name="[^"]*old_password"', page)
    assert not re.search(r'name="[^"]*new_password1"', page)
    assert 'name="email-email"' not in page


def test_allauths_password_reset_is_the_one_that_sends_mail(
    client, django_capture_on_commit_callbacks
):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("account_reset_password"), {"email": person.email})
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[person.email]]
