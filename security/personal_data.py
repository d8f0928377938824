"""What the security log holds about a person, for "My data" and erasure
(accounts/personal_data.py).

The export lists the person's own events (what happened to their account, what they did), with
the address and browser only for what they did themselves: an event someone else caused on
their account carries that other person's address.

Erasure keeps the events (detecting abuse of an account is the log's purpose, for its retention
period, ``SECURITY_LOG_RETENTION_DAYS``): they point at the pseudonymised account; the e-mail
addresses in their details and the browser strings are removed. This and the retention purge
are the only writes that bypass the log's append-only rule, on purpose.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Erasure, register

from .models import SecurityEvent

# Detail keys that can hold an e-mail address (typed identifiers, added or changed addresses).
ERASED_DETAILS = ("identifier", "email", "from", "to")
ERASED = "[erased]"


def _events(user):
    return SecurityEvent._base_manager.filter(Q(actor=user) | Q(subject=user)).order_by(
        "created_at", "pk"
    )


def _export(user):
    rows = []
    for event in _events(user):
        own = event.actor_id == user.pk
        rows.append(
            {
                "at": event.created_at,
                "event": event.kind,
                "as": "actor" if own else "subject",
                "ip_address": event.ip_address if own else "",
                "browser": event.user_agent if own else "",
                "details": event.details,
            }
        )
    return rows


def _erase(user, pseudonym):
    changed = 0
    for event in _events(user):
        details = {
            key: (ERASED if key in ERASED_DETAILS and value else value)
            for key, value in event.details.items()
        }
        if details != event.details or event.user_agent:
            changed += SecurityEvent._base_manager.filter(pk=event.pk).update(
                details=details, user_agent=""
            )
    return changed


register(
    "security.SecurityEvent",
    section="security_log",
    fields=["actor", "subject"],
    export=_export,
    erasure=Erasure.PSEUDONYMISE,
    erase=_erase,
    why=_(
        "Security log: sign-ins and account changes are kept for their retention period to "
        "detect abuse; e-mail addresses and browser details are removed."
    ),
)
