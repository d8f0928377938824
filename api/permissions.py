"""Who may manage API clients, in terms of organisations' predicates (none of them exists there
yet: organisations/permissions.py does not know the API)."""

from __future__ import annotations

from organisations import permissions
from organisations.models import Membership, Organisation

from .scopes import FUNDER_ONLY


def can_manage_api_clients(user, organisation: Organisation) -> bool:
    """The platform admin for any organisation; a funder's own administrators for it."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return organisation.kind == Organisation.Kind.FUNDER and permissions.has_role(
        user, organisation, Membership.Role.ADMIN
    )


def may_hold_scope(organisation: Organisation, scope: str) -> bool:
    """Names of learners and payments: only a funder's client (and then only as far as the
    acting person's own role lets it, checked on each call)."""
    return scope not in FUNDER_ONLY or organisation.kind == Organisation.Kind.FUNDER


def may_act_for(user, organisation: Organisation) -> bool:
    """A client acts as an active member of its organisation (or the platform admin)."""
    if not user.is_active:
        return False
    return user.is_superuser or bool(
        Membership.objects.filter(user=user, organisation=organisation).exists()
    )


def organisations_managed_by(user):
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        kind=Organisation.Kind.FUNDER,
        memberships__user=user,
        memberships__role=Membership.Role.ADMIN,
    ).distinct()
