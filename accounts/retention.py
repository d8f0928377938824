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

The first two rules are the accounts' own; every other app registers its rules with
``register_rule()`` in its ``personal_data.py``, beside the handlers for the same rows (courses:
walk-ins and pending enrollments; organisations: invitations).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db.models.functions import Coalesce
from django.utils import timezone

from .conf import setting
from .models import User
from .personal_data import handlers, personal_data_erase

# A user with any of these is referenced by evidence or an organisation: erase, never delete.
_REFERENCES = (
    "memberships",
    "enrollments",
    "session_registrations",
    "attendance_records",
    "certificates",
    "claimed_participations",
)


@dataclass(frozen=True)
class RetentionRule:
    key: str  # the figure's name in the purge's result
    purge: Callable[[], int]  # () -> number of rows deleted or pseudonymised
    order: int = 50  # lower first: the accounts' own rules run before the others


_rules: list[RetentionRule] = []


def register_rule(key: str, purge: Callable[[], int], *, order: int = 50) -> RetentionRule:
    """Add a rule to the daily purge; registering the same key again replaces it."""
    rule = RetentionRule(key, purge, order)
    _rules[:] = [r for r in _rules if r.key != key] + [rule]
    return rule


def rules() -> list[RetentionRule]:
    handlers()  # loads every app's personal_data.py, where the apps register their rules
    return sorted(_rules, key=lambda r: r.order)


def older_than(setting_name: str):
    """The moment ``setting_name`` (a number of days, e.g. RETENTION_WALKIN_DAYS) ago."""
    return timezone.now() - timedelta(days=setting(setting_name))


def purge_unverified_signups() -> int:
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    candidates = User.objects.filter(
        erased_at__isnull=True,
        last_login__isnull=True,
        is_superuser=False,
        is_staff=False,
        date_joined__lt=older_than("RETENTION_UNVERIFIED_SIGNUP_DAYS"),
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
        .filter(seen__lt=older_than("RETENTION_INACTIVE_ACCOUNT_DAYS"))
    )
    return sum(1 for user in stale if personal_data_erase(user=user) is not None)


def retention_purge_run() -> dict:
    """Apply every registered rule once, in order: rule key -> rows deleted or pseudonymised."""
    return {rule.key: rule.purge() for rule in rules()}


register_rule("unverified_signups_deleted", purge_unverified_signups, order=10)
register_rule("inactive_accounts_erased", purge_inactive_accounts, order=20)
