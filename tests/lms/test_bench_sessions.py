"""The bench signs people in as the login pages would leave them, second factor included."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from bench.fixtures import session_cookie

pytestmark = pytest.mark.django_db


def test_a_bench_session_of_an_officer_with_an_authenticator_is_trusted(client, settings, officer):
    settings.MFA_REQUIRED_FOR_STAFF = True
    TOTP.activate(officer, generate_totp_secret())
    name, key = session_cookie(officer).split("=", 1)
    client.cookies[name] = key
    assert client.get("/fr/me/").status_code == 200


def test_a_bench_session_of_a_learner_is_signed_in(client, learner):
    name, key = session_cookie(learner).split("=", 1)
    client.cookies[name] = key
    assert client.get("/fr/me/").status_code == 200
