"""What grants tells people, step by step (registered from ``GrantsConfig.ready()``), and who
receives each: a request submitted → the programme's officers; changes requested, approved or
rejected → the association's admins; approved → the funder's finance staff; sent back by
finance → the officers; payment recorded → the association's admins; reports due or late →
the association's admins. The services call ``tell`` inside their transaction."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from notifications.registry import register_kind
from notifications.services import notify
from organisations.models import Membership

STEP_BODY = "grants/email/step.txt"

KINDS = {
    "grants.request_submitted": (
        lambda p: _("Tranche %(number)s request submitted: %(reference)s") % p
    ),
    "grants.request_changes_requested": (
        lambda p: _("Changes requested on the tranche %(number)s request: %(reference)s") % p
    ),
    "grants.request_approved": lambda p: _("Tranche %(number)s approved: %(reference)s") % p,
    "grants.request_rejected": lambda p: _("Tranche %(number)s rejected: %(reference)s") % p,
    "grants.request_to_check": (
        lambda p: _("To check before payment: tranche %(number)s of %(reference)s") % p
    ),
    "grants.request_sent_back": (
        lambda p: _("Sent back by finance: tranche %(number)s of %(reference)s") % p
    ),
    "grants.payment_recorded": (
        lambda p: _("Payment recorded: tranche %(number)s of %(reference)s") % p
    ),
    "grants.report_due_soon": (
        lambda p: _("Reports due on %(due_on)s: tranche %(number)s of %(reference)s") % p
    ),
    "grants.report_due_today": (
        lambda p: _("Reports due today: tranche %(number)s of %(reference)s") % p
    ),
    "grants.report_late": (
        lambda p: _("Reports %(days)s days late: tranche %(number)s of %(reference)s") % p
    ),
}


def register() -> None:
    for code, subject in KINDS.items():
        register_kind(code, subject=subject, body_template=STEP_BODY)


def _people(organisation_id, *roles, excluding_members_of=None):
    from accounts.models import User

    people = User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.filter(organisation_id=organisation_id, role__in=roles).values(
            "user"
        ),
    )
    if excluding_members_of is not None:
        # Someone who may not act on it (a member of the association) is not asked to.
        people = people.exclude(
            pk__in=Membership.objects.filter(organisation_id=excluding_members_of).values("user")
        )
    return list(people.order_by("pk"))


def officers(agreement) -> list:
    return _people(
        agreement.programme.funder_id,
        Membership.Role.OFFICER,
        excluding_members_of=agreement.association_id,
    )


def finance_staff(agreement) -> list:
    return _people(
        agreement.programme.funder_id,
        Membership.Role.FINANCE,
        excluding_members_of=agreement.association_id,
    )


def association_admins(agreement) -> list:
    return _people(agreement.association_id, Membership.Role.ADMIN)


def params_for(tranche, **extra) -> dict:
    return {
        "reference": tranche.agreement.reference,
        "number": tranche.number,
        **{k: str(v) for k, v in extra.items()},
    }


def tell(kind: str, *, recipients, tranche, link, key: str = "", **extra) -> list:
    """Notify ``recipients`` of a step on ``tranche``; ``link`` = (url name, args)."""
    return notify(
        recipients=recipients,
        kind=f"grants.{kind}",
        params=params_for(tranche, **extra),
        link=link,
        key=key,
    )
