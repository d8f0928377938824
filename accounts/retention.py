"""Retention periods (settings ``RETENTION_*``), applied by the daily ``retention_purge`` task.

- an account nobody has logged into (or, never logged in, joined) for
  RETENTION_INACTIVE_ACCOUNT_DAYS is erased as its owner could have asked (pseudonymised; the
  funder's figures do not move); platform admins and staff users are left to a person;
- a sign-up never confirmed after RETENTION_UNVERIFIED_SIGNUP_DAYS is deleted outright when
  nothing points at it (no membership, enrollment, registration, attendance or certificate);
- a walk-in's name and contact details are pseudonymised RETENTION_WALKIN_DAYS after they were
  recorded, unless an account claimed them (the account's own retention then applies);
- an invitation never accepted is deleted RETENTION_INVITATION_DAYS after it expired;
- an enrollment waiting for its person is deleted after RETENTION_PENDING_ENROLLMENT_DAYS.
"""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from .conf import setting
from .models import User
from .personal_data import personal_data_erase

# A user with any of these is referenced by evidence or an organisation: erase, never delete.
_REFERENCES = (
    "memberships",
    "enrollments",
    "session_registrations",
    "attendance_records",
    "certificates",
    "claimed_participations",
)


def _ago(days: int):
    return timezone.now() - timedelta(days=days)


def purge_unverified_signups() -> int:
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    candidates = User.objects.filter(
        erased_at__isnull=True,
        last_login__isnull=True,
        is_superuser=False,
        is_staff=False,
        date_joined__lt=_ago(setting("RETENTION_UNVERIFIED_SIGNUP_DAYS")),
    ).exclude(pk__in=verified)
    for relation in _REFERENCES:
        candidates = candidates.filter(**{f"{relation}__isnull": True})
    deleted = 0
    for user in candidates:
        try:
            user.delete()
            deleted += 1
        except Exception:  # noqa: BLE001 - a PROTECTed link we did not foresee: erase instead
            personal_data_erase(user=user)
    return deleted


def purge_inactive_accounts() -> int:
    stale = (
        User.objects.filter(erased_at__isnull=True, is_superuser=False, is_staff=False)
        .annotate(seen=Coalesce("last_login", "date_joined"))
        .filter(seen__lt=_ago(setting("RETENTION_INACTIVE_ACCOUNT_DAYS")))
    )
    return sum(1 for user in stale if personal_data_erase(user=user) is not None)


def purge_walk_ins() -> int:
    from courses.models import Participant
    from courses.personal_data import participant_pseudonymise

    return participant_pseudonymise(
        Participant.objects.filter(
            claimed_by__isnull=True, created_at__lt=_ago(setting("RETENTION_WALKIN_DAYS"))
        )
    )


def purge_invitations() -> int:
    from organisations.models import Invitation

    cutoff = _ago(setting("RETENTION_INVITATION_DAYS"))
    return (
        Invitation.objects.filter(accepted_at__isnull=True)
        .filter(Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff))
        .delete()[0]
    )


def purge_pending_enrollments() -> int:
    from courses.models import PendingEnrollment

    return PendingEnrollment.objects.filter(
        claimed_at__isnull=True,
        created_at__lt=_ago(setting("RETENTION_PENDING_ENROLLMENT_DAYS")),
    ).delete()[0]


def retention_purge_run() -> dict:
    return {
        "unverified_signups_deleted": purge_unverified_signups(),
        "inactive_accounts_erased": purge_inactive_accounts(),
        "walk_ins_pseudonymised": purge_walk_ins(),
        "invitations_deleted": purge_invitations(),
        "pending_enrollments_deleted": purge_pending_enrollments(),
    }
