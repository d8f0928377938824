"""Who may do what with calls (the calls part of the rules; organisations/permissions.py holds
the rest and is asked for the roles)."""

from __future__ import annotations

from organisations import permissions
from organisations.models import Membership, Organisation


def can_manage_call(user, call) -> bool:
    """The programme's funder officers configure, screen, run the committee and determine."""
    return permissions.can_manage_programmes(user, call.programme.funder)


def can_view_call_reports(user, call) -> bool:
    """Officers, finance staff and auditors of the funder read the fairness report and log."""
    return permissions.can_view_programmes(user, call.programme.funder)


def applying_associations(user):
    """The associations whose admin ``user`` is: those they may apply for."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        kind=Organisation.Kind.TRAINER,
        memberships__user=user,
        memberships__role=Membership.Role.ADMIN,
    ).distinct()


def can_apply_for(user, association) -> bool:
    return applying_associations(user).filter(pk=association.pk).exists()


def can_edit_application(user, application) -> bool:
    return can_apply_for(user, application.association)


def can_view_application(user, application) -> bool:
    """The association's admins and the call's managers (reviewers have their own page)."""
    return can_edit_application(user, application) or can_manage_call(user, application.call)


def committee_seat(user, call):
    """The user's seat on the call's committee, or None."""
    from .models import CommitteeMember

    if not user.is_authenticated or not user.is_active:
        return None
    return (
        CommitteeMember.objects.filter(committee__call=call, user=user)
        .select_related("committee")
        .first()
    )


def is_association_member(user, association) -> bool:
    """Any role in the association: a conflict of interest the platform knows of itself."""
    return user.is_authenticated and user.memberships.filter(organisation=association).exists()
