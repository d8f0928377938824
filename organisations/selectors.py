"""Read queries about organisations and memberships."""

from django.db.models import QuerySet

from .models import Invitation, Membership, Organisation


def membership_roles(*, user, organisation: Organisation) -> set[str]:
    """The roles ``user`` holds in ``organisation``, cached on the user for the request."""
    cache = user.__dict__.setdefault("_tamkeen_roles", None)
    if cache is None:
        cache = {}
        for org_id, role in Membership.objects.filter(user=user).values_list(
            "organisation_id", "role"
        ):
            cache.setdefault(org_id, set()).add(role)
        user.__dict__["_tamkeen_roles"] = cache
    return cache.get(organisation.pk, set())


def memberships_for_user(*, user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name_fr", "role")
    )


def organisation_members(*, organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("user__email", "role")


def organisation_pending_invitations(*, organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.pending().select_related("invited_by")


def invitation_get_by_token(*, token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
