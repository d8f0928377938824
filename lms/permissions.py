"""Who may do what: the one place that says it.

Views, services and Wagtail hooks ask these predicates; none of them tests a role by hand.
Every predicate takes the acting user first and returns a bool.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation


def _roles(user, organisation) -> set[str]:
    if not user.is_authenticated:
        return set()
    from organisations.selectors import membership_roles

    return membership_roles(user=user, organisation=organisation)


def has_role(user: User, organisation: Organisation, *roles: str) -> bool:
    return bool(_roles(user, organisation) & set(roles))


def is_funder_staff(user: User, *roles: str) -> bool:
    """Officer, finance or auditor (or the given subset) of any funder."""
    if not user.is_authenticated:
        return False
    from organisations.models import Membership, Organisation

    wanted = roles or (Membership.Role.OFFICER, Membership.Role.FINANCE, Membership.Role.AUDITOR)
    return user.memberships.filter(
        organisation__kind=Organisation.Kind.FUNDER, role__in=wanted
    ).exists()


def can_invite(user: User, organisation: Organisation, role: str) -> bool:
    """Admins invite into their own organisation; programme officers bring in a trainer
    association's first admins; the platform admin invites anyone."""
    from organisations.models import Membership, Organisation

    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if has_role(user, organisation, Membership.Role.ADMIN):
        return True
    return (
        organisation.kind == Organisation.Kind.TRAINER
        and role == Membership.Role.ADMIN
        and is_funder_staff(user, Membership.Role.OFFICER)
    )


def can_view_organisation_members(user: User, organisation: Organisation) -> bool:
    from organisations.models import Membership

    if not user.is_authenticated:
        return False
    return user.is_superuser or has_role(user, organisation, Membership.Role.ADMIN)


# --- Grants: agreements, tranches and tranche requests ----------------------------------------


def _funder_roles(user, agreement) -> set[str]:
    return _roles(user, agreement.programme.funder)


def can_view_agreement(user: User, agreement) -> bool:
    """The association's own staff, and the funder staff of the agreement's programme."""
    from organisations.models import Membership

    if not user.is_authenticated:
        return False
    if user.is_superuser or _roles(user, agreement.association):
        return True
    funder_staff = {Membership.Role.OFFICER, Membership.Role.FINANCE, Membership.Role.AUDITOR}
    return bool(_funder_roles(user, agreement) & funder_staff)


def can_request_tranche(user: User, agreement) -> bool:
    """Only an admin of the agreement's trainer association writes and submits requests."""
    from organisations.models import Membership

    return has_role(user, agreement.association, Membership.Role.ADMIN)


def can_review_tranche_request(user: User, agreement) -> bool:
    from organisations.models import Membership

    return Membership.Role.OFFICER in _funder_roles(user, agreement)


def can_record_payment(user: User, agreement) -> bool:
    from organisations.models import Membership

    return Membership.Role.FINANCE in _funder_roles(user, agreement)


def can_see_bank_details(user: User, agreement) -> bool:
    """Finance staff pay the tranches, so they alone see the full RIB."""
    return can_record_payment(user, agreement)


# --- Course authoring (Wagtail sections) ------------------------------------------------------


def can_author_in(user: User, section) -> bool:
    """Trainer association staff author in their own association's course section; programme
    officers edit anywhere in the catalogue while reviewing."""
    from organisations.models import Membership

    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or is_funder_staff(user, Membership.Role.OFFICER):
        return True
    return has_role(
        user,
        section.association,
        Membership.Role.ADMIN,
        Membership.Role.EDITOR,
        Membership.Role.TRAINER,
    )
