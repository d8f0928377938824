"""People by role for the second-factor rules, and an authenticator app whose codes a test can
type on the real pages."""

from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from organisations.models import Membership, Organisation

from .accounts import UserFactory
from .organisations import MembershipFactory, OrganisationFactory


def person(kind, role):
    return MembershipFactory(organisation=OrganisationFactory(kind=kind), role=role).user


# Roles that reach personal data or payments, who must use a second factor.
STAFF = {
    "officer": lambda: person(Organisation.Kind.FUNDER, Membership.Role.OFFICER),
    "finance": lambda: person(Organisation.Kind.FUNDER, Membership.Role.FINANCE),
    "auditor": lambda: person(Organisation.Kind.FUNDER, Membership.Role.AUDITOR),
    "trainer association admin": lambda: person(Organisation.Kind.TRAINER, Membership.Role.ADMIN),
    "platform admin": lambda: UserFactory(is_superuser=True, is_staff=True),
}
NOT_STAFF = {
    "learner": lambda: person(Organisation.Kind.MEMBER, Membership.Role.MEMBER),
    "member association admin": lambda: person(Organisation.Kind.MEMBER, Membership.Role.ADMIN),
    "trainer": lambda: person(Organisation.Kind.TRAINER, Membership.Role.TRAINER),
    "editor": lambda: person(Organisation.Kind.TRAINER, Membership.Role.EDITOR),
    "citizen": lambda: UserFactory(),
}


def with_totp(user) -> str:
    """Activates an authenticator app for ``user``; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The code the app shows now."""
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))
