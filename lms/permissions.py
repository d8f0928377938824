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
