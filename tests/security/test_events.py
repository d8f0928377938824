"""The security log: each kind of event is appended once with who, whose account, where from
and what; a failed sign-in keeps the typed identifier, never the password."""

import json
from types import SimpleNamespace

import pytest
from allauth.mfa import signals as mfa_signals
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from accounts.signals import personal_data_exported
from organisations.models import Membership, Organisation
from organisations.services import membership_grant
from security.models import SecurityEvent

from ..factories.accounts import PASSWORD, UserFactory
from ..factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
Kind = SecurityEvent.Kind
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Tamkeen-test"


def _url(name, *args):
    with translation.override("fr"):
        return reverse(name, args=args)


def _only(kind) -> SecurityEvent:
    events = list(SecurityEvent.objects.filter(kind=kind))
    assert len(events) == 1, f"{kind}: {len(events)} events"
    return events[0]


def _request(user=None, **meta):
    request = RequestFactory().post("/fr/", **meta)
    request.user = user or SimpleNamespace(is_authenticated=False)
    return request


def test_sign_in_and_out_are_recorded_with_address_and_browser(client):
    person = UserFactory()
    client.post(
        _url("account_login"),
        {"login": person.email, "password": PASSWORD},
        HTTP_USER_AGENT=BROWSER,
    )
    event = _only(Kind.LOGIN)
    assert (event.actor, event.subject) == (person, person)
    assert event.ip_address == "127.0.0.1"
    assert event.user_agent == BROWSER

    client.post(_url("account_logout"))
    event = _only(Kind.LOGOUT)
    assert event.subject == person


def test_a_failed_sign_in_keeps_the_identifier_and_never_the_password(client):
    person = UserFactory(email="amina@example.org")
    secret = "Wrong-but-Secret-42"
    client.post(
        _url("account_login"),
        {"login": "  Amina@Example.ORG ", "password": secret},
        HTTP_USER_AGENT="x" * 1000,
    )
    event = _only(Kind.LOGIN_FAILED)
    assert event.actor is None
    assert event.subject == person
    assert event.details == {"identifier": "amina@example.org", "known_account": True}
    assert len(event.user_agent) == 255
    stored = json.dumps(list(SecurityEvent.objects.values()), default=str)
    assert secret not in stored
    assert "********" not in stored  # Django's masked copy of the credentials is not kept either
    assert not SecurityEvent.objects.filter(kind=Kind.LOGIN).exists()


def test_a_failed_sign_in_for_an_unknown_address(client):
    client.post(_url("account_login"), {"login": "nobody@example.org", "password": "x" * 12})
    event = _only(Kind.LOGIN_FAILED)
    assert event.subject is None
    assert event.details == {"identifier": "nobody@example.org", "known_account": False}


def test_the_client_address_comes_from_the_trusted_proxy_only_when_configured(settings):
    person = UserFactory()
    meta = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    personal_data_exported.send(sender=None, request=_request(person, **meta), scope="a")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    personal_data_exported.send(sender=None, request=_request(person, **meta), scope="b")
    spoofed = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": ""}
    personal_data_exported.send(sender=None, request=_request(person, **spoofed), scope="c")
    addresses = dict(SecurityEvent.objects.values_list("details__scope", "ip_address"))
    assert addresses == {"a": "10.0.0.5", "b": "203.0.113.9", "c": "10.0.0.5"}


@pytest.mark.parametrize(
    ("signal", "kind"),
    [
        (mfa_signals.authenticator_added, Kind.MFA_ADDED),
        (mfa_signals.authenticator_removed, Kind.MFA_REMOVED),
        (mfa_signals.authenticator_reset, Kind.MFA_RESET),
    ],
)
def test_second_factor_changes(signal, kind):
    person = UserFactory()
    signal.send(
        sender=None,
        request=_request(person),
        user=person,
        authenticator=SimpleNamespace(type="totp", data={"secret": "JBSWY3DPEHPK3PXP"}),
    )
    event = _only(kind)
    assert (event.actor, event.subject) == (person, person)
    assert event.details == {"type": "totp"}


def test_a_wrong_second_factor_code():
    person = UserFactory()
    mfa_signals.authentication_failed.send(
        sender=None,
        request=_request(),
        user=person,
        authenticator=SimpleNamespace(type="totp"),
        reauthentication=False,
    )
    event = _only(Kind.MFA_FAILED)
    assert event.subject == person and event.actor is None


def test_a_password_changed_on_allauths_page_is_recorded_once(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post(
        _url("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "An-other-Passphrase-77",
            "password2": "An-other-Passphrase-77",
        },
    )
    assert response.status_code == 302
    event = _only(Kind.PASSWORD_CHANGED)
    assert event.subject == person and event.actor == person
    assert event.details == {"how": "changed"}
    assert "An-other-Passphrase-77" not in json.dumps(event.details)


def test_a_password_changed_anywhere_else_is_recorded_too():
    person = UserFactory()
    person.set_password("Set-from-the-shell-99")
    person.save()
    assert _only(Kind.PASSWORD_CHANGED).details == {"how": "set"}


def test_a_sign_in_that_only_updates_last_login_records_no_change(client):
    person = UserFactory()
    client.force_login(person)
    assert not SecurityEvent.objects.exclude(kind=Kind.LOGIN).exists()


def test_the_sign_in_address_changed():
    person = UserFactory(email="old@example.org")
    person.email = "new@example.org"
    person.save()
    assert _only(Kind.EMAIL_CHANGED).details == {
        "from": "old@example.org",
        "to": "new@example.org",
        "how": "account",
    }


def test_an_email_address_added_through_allauth(client):
    person = UserFactory()
    client.force_login(person)
    client.post(_url("account_email"), {"action_add": "", "email": "second@example.org"})
    assert _only(Kind.EMAIL_ADDED).details == {"email": "second@example.org"}


def test_roles_granted_changed_and_revoked():
    association = OrganisationFactory(kind=Organisation.Kind.TRAINER)
    person = UserFactory()
    membership = membership_grant(user=person, organisation=association, role="trainer")
    event = _only(Kind.ROLE_GRANTED)
    assert event.subject == person
    assert event.details["role"] == "trainer"
    assert event.details["organisation"] == association.pk

    membership.role = Membership.Role.EDITOR
    membership.save()
    event = _only(Kind.ROLE_CHANGED)
    assert (event.details["previous_role"], event.details["role"]) == ("trainer", "editor")

    membership.delete()
    assert _only(Kind.ROLE_REVOKED).details["role"] == "editor"


def test_granting_a_role_held_already_records_nothing():
    membership = MembershipFactory(role=Membership.Role.TRAINER)
    membership_grant(user=membership.user, organisation=membership.organisation, role="trainer")
    assert SecurityEvent.objects.filter(kind=Kind.ROLE_GRANTED).count() == 1


def test_admin_groups_record_what_really_changed():
    person = UserFactory()
    reviewers, authors = (
        Group.objects.create(name="Reviewers"),
        Group.objects.create(name="Authors"),
    )
    person.groups.add(reviewers)
    assert _only(Kind.GROUPS_CHANGED).details == {"added": ["Reviewers"]}
    person.groups.remove(reviewers, authors)  # never had "Authors"
    removed = SecurityEvent.objects.filter(kind=Kind.GROUPS_CHANGED).first()
    assert removed.details == {"removed": ["Reviewers"]}
    person.groups.remove(authors)  # nothing changes, nothing is recorded
    assert SecurityEvent.objects.filter(kind=Kind.GROUPS_CHANGED).count() == 2


def test_superuser_flag_changes():
    person = UserFactory()
    person.is_superuser = True
    person.save()
    assert _only(Kind.PRIVILEGES_CHANGED).details == {"is_superuser": {"from": False, "to": True}}


def test_deleting_a_person_keeps_their_events_without_the_link():
    person = MembershipFactory(role=Membership.Role.TRAINER).user
    person.delete()
    revoked = SecurityEvent.objects.get(kind=Kind.ROLE_REVOKED)
    assert revoked.subject is None and revoked.details["account_deleted"] is True
    assert SecurityEvent.objects.get(kind=Kind.ROLE_GRANTED).subject is None


def test_a_personal_data_export():
    officer = UserFactory()
    personal_data_exported.send(
        sender=None, request=_request(officer), subject=None, scope="grants.beneficiaries"
    )
    event = _only(Kind.DATA_EXPORTED)
    assert event.actor == officer and event.subject is None
    assert event.details == {"scope": "grants.beneficiaries", "path": "/fr/"}


def test_secret_looking_details_are_dropped():
    from security.events import clean_details

    assert clean_details({"scope": "x", "token": "t", "nested": {"password": "p", "ok": 1}}) == {
        "scope": "x",
        "nested": {"ok": 1},
    }


def test_erasure_keeps_the_events_without_addresses_and_is_recorded(
    client, django_capture_on_commit_callbacks
):
    from accounts.personal_data import personal_data_erase, personal_data_export

    person = UserFactory(email="amina@example.org")
    client.post(_url("account_login"), {"login": person.email, "password": "wrong-" * 3})
    client.post(
        _url("account_login"),
        {"login": person.email, "password": PASSWORD},
        HTTP_USER_AGENT=BROWSER,
    )
    exported = personal_data_export(user=person)["sections"]["security_log"]
    assert [row["event"] for row in exported] == [Kind.LOGIN_FAILED, Kind.LOGIN]
    assert exported[0]["ip_address"] == ""  # a failed attempt: not the person's own action
    assert exported[1]["browser"] == BROWSER

    with django_capture_on_commit_callbacks(execute=True):
        personal_data_erase(user=person)
    stored = json.dumps(list(SecurityEvent.objects.values()), default=str)
    assert "amina@example.org" not in stored
    assert BROWSER not in stored
    assert _only(Kind.LOGIN_FAILED).details["identifier"] == "[erased]"
    erased = _only(Kind.ACCOUNT_ERASED)
    assert erased.subject == person
    assert erased.details["sections"]["security_log"] == 2


def test_the_certificate_lookup_limit_counts_the_client_behind_the_proxy(settings):
    from certificates.ratelimit import client_ip

    request = _request(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(request) == "10.0.0.5"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.7"


def test_a_role_granted_during_a_request_names_who_acted_and_from_where(
    client, django_capture_on_commit_callbacks
):
    """Model-signal receivers have no request: the middleware's context gives them one."""
    from organisations.services import invitation_create

    association = OrganisationFactory(kind=Organisation.Kind.TRAINER)
    admin = MembershipFactory(organisation=association, role=Membership.Role.ADMIN).user
    invitee = UserFactory(email="new.trainer@example.org")
    with django_capture_on_commit_callbacks(execute=False):
        _invitation, token = invitation_create(
            organisation=association, email=invitee.email, role="trainer", by=admin
        )
    client.force_login(invitee)
    response = client.post(
        _url("organisations:invitation", token), REMOTE_ADDR="192.0.2.44", HTTP_USER_AGENT=BROWSER
    )
    assert response.status_code == 302
    event = SecurityEvent.objects.get(kind=Kind.ROLE_GRANTED, subject=invitee)
    assert event.actor == invitee
    assert (event.ip_address, event.user_agent) == ("192.0.2.44", BROWSER)
    assert event.details["role"] == "trainer"
