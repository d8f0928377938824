"""Operations that change organisations, memberships and invitations."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.email_checks import validate_new_email
from accounts.services import email_queue, user_mark_email_verified
from organisations import permissions

from . import signals
from .models import Invitation, Membership, Organisation, validate_role_for_kind


@transaction.atomic
def organisation_create(
    *,
    kind: str,
    name_ar: str,
    name_fr: str,
    registration_number: str,
    region,
    province,
    commune=None,
    contact_email: str = "",
    contact_phone: str = "",
    address: str = "",
) -> Organisation:
    organisation = Organisation(
        kind=kind,
        name_ar=name_ar.strip(),
        name_fr=name_fr.strip(),
        registration_number=registration_number.strip(),
        region=region,
        province=province,
        commune=commune,
        contact_email=contact_email,
        contact_phone=contact_phone,
        address=address,
    )
    organisation.full_clean()
    organisation.save()
    # Courses gives a trainer association its catalogue sections and authoring groups.
    signals.organisation_created.send(sender=Organisation, organisation=organisation)
    return organisation


@transaction.atomic
def membership_grant(*, user, organisation: Organisation, role: str) -> Membership:
    """Give ``user`` ``role`` in ``organisation``; granting a role held already changes nothing."""
    validate_role_for_kind(role, organisation.kind)
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    user.__dict__.pop("_tamkeen_roles", None)
    # Courses puts the person in the authoring groups their memberships imply.
    signals.membership_granted.send(
        sender=Membership, membership=membership, user=user, created=created
    )
    return membership


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("organisations:invitation", args=[token])


@transaction.atomic
def invitation_create(
    *,
    organisation: Organisation,
    email: str,
    role: str,
    by,
    repeat_window: timedelta | None = None,
) -> tuple[Invitation, str]:
    """Invite ``email`` to join ``organisation`` as ``role``; returns the invitation and its token.

    A new invitation to the same address and role replaces a pending one (the old link stops
    working). The e-mail leaves after commit.

    With ``repeat_window`` (the people page's form), the same invitation sent by the same
    person within that time is a double submission: the pending invitation is returned as it
    is (``just_created`` False, no token, no second e-mail), so the first link keeps working.
    """
    email = (email or "").strip().lower()
    validate_email(email)
    validate_new_email(email)  # a look-alike of a registered address is never invited
    validate_role_for_kind(role, organisation.kind)
    if not permissions.can_invite(by, organisation, role):
        raise PermissionDenied(_("You may not invite people to this organisation with this role."))
    if Membership.objects.filter(
        organisation=organisation, role=role, user__email__iexact=email
    ).exists():
        raise ValidationError(
            _("This person already has this role in the organisation."), code="already_member"
        )
    now = timezone.now()
    # Invitations to one organisation are made one at a time: a double submission waits for
    # the first, then finds it.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    pending = Invitation.objects.pending().filter(
        organisation=organisation, email__iexact=email, role=role
    )
    if repeat_window is not None:
        repeat = (
            pending.filter(invited_by=by, created_at__gte=now - repeat_window)
            .order_by("-created_at")
            .first()
        )
        if repeat is not None:
            repeat.just_created = False
            return repeat, ""
    pending.update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=Invitation.hash_token(token),
        invited_by=by,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    _invitation_send(invitation=invitation, token=token)
    invitation.just_created = True
    return invitation, token


def _invitation_send(*, invitation: Invitation, token: str) -> None:
    # Bilingual: the invitee's language is not known yet.
    bodies = []
    for language in ("ar", "fr"):
        with translation.override(language):
            bodies.append(
                render_to_string(
                    "organisations/email/invitation.txt",
                    {"invitation": invitation, "url": invitation_url(token)},
                )
            )
    with translation.override("fr"):
        subject = _("Invitation to join %(organisation)s on Tamkeen") % {
            "organisation": invitation.organisation.name_fr
        }
    email_queue(subject=subject, body="\n\n----------\n\n".join(bodies), to=[invitation.email])


class InvitationError(ValidationError):
    """An invitation link that cannot be used; the message says why, for the person holding it."""


def invitation_check(*, invitation: Invitation | None) -> Invitation:
    if invitation is None:
        raise InvitationError(_("This invitation link is not valid."), code="invalid")
    if invitation.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used."), code="used")
    if invitation.revoked_at is not None:
        raise InvitationError(
            _(
                "This invitation was replaced or withdrawn. "
                "Use the most recent e-mail you received."
            ),
            code="revoked",
        )
    if invitation.is_expired:
        raise InvitationError(
            _("This invitation has expired. Ask the person who invited you to send a new one."),
            code="expired",
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user) -> Membership:
    """Accept an invitation as ``user``: grants the role and confirms the e-mail address."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    invitation_check(invitation=invitation)
    if user.email.lower() != invitation.email.lower():
        raise InvitationError(
            _("This invitation was sent to another e-mail address. Log in with that address."),
            code="wrong_user",
        )
    membership = membership_grant(
        user=user, organisation=invitation.organisation, role=invitation.role
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    user_mark_email_verified(user=user, email=invitation.email)
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by) -> None:
    if not permissions.can_invite(by, invitation.organisation, invitation.role):
        raise PermissionDenied(_("You may not withdraw this invitation."))
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
