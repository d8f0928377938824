"""What organisations hold about a person, for "My data" and erasure (accounts/personal_data.py).

Memberships are kept: the funder's figures read them (who counts as a member association's
beneficiary, whose attendance is staff's and never counted), and they name only the
pseudonymised account. Invitations sent to the person's address lose the address.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Erasure, erased_email, register, register_links, rows
from accounts.retention import older_than, register_rule

from .models import Invitation, Membership

register(
    "organisations.Membership",
    section="memberships",
    fields=["user"],
    export=lambda user: rows(
        Membership.objects.filter(user=user).order_by("created_at"),
        "role",
        "created_at",
        organisation_ar="organisation__name_ar",
        organisation_fr="organisation__name_fr",
    ),
    erasure=Erasure.KEEP,
    why=_("Kept: the funder's figures read them; they point at the pseudonymised account."),
)


def _invitations_export(user):
    return rows(
        Invitation.objects.filter(email__iexact=user.email).order_by("created_at"),
        "email",
        "role",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
        organisation="organisation__name_fr",
    )


def _invitations_erase(user, pseudonym):
    mine = Invitation.objects.filter(email__iexact=user.email)
    mine.pending().update(revoked_at=timezone.now())
    return mine.update(email=erased_email(user))


register(
    "organisations.Invitation",
    section="invitations_received",
    export=_invitations_export,
    erasure=Erasure.PSEUDONYMISE,
    erase=_invitations_erase,
    why=_("Invitations sent to you: the address is replaced; pending ones are revoked."),
)
register_links(
    "organisations.Invitation", "invited_by", "accepted_by", section="invitations", at="created_at"
)


def purge_invitations() -> int:
    """An invitation never accepted, RETENTION_INVITATION_DAYS after it expired or was revoked
    (accounts/retention.py)."""
    cutoff = older_than("RETENTION_INVITATION_DAYS")
    return (
        Invitation.objects.filter(accepted_at__isnull=True)
        .filter(Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff))
        .delete()[0]
    )


register_rule("invitations_deleted", purge_invitations, order=40)
