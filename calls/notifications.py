"""What calls tells people (kinds registered from ``CallsConfig.ready()``): the receipt of a
submission with its SHA-256, an ineligible application and why, the decision, a seat on a
committee. The association's admins receive the first three, each in their own language."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from notifications.registry import register_kind
from notifications.services import notify
from organisations.models import Membership

BODY = "calls/email/step.txt"


def _title(params) -> str:
    arabic = (get_language() or "ar").startswith("ar")
    return params.get("title_ar" if arabic else "title_fr") or params.get("title_fr", "")


def _with_title(params) -> dict:
    return {**params, "title": _title(params)}


DECISIONS = {
    "selected": _("selected"),
    "reserve": _("on the reserve list"),
    "rejected": _("not selected"),
}

KINDS = {
    "calls.application_submitted": (
        lambda p: _("Application %(reference)s received: %(title)s") % _with_title(p)
    ),
    "calls.application_ineligible": (
        lambda p: _("Application %(reference)s is not eligible: %(title)s") % _with_title(p)
    ),
    "calls.application_decided": (
        lambda p: (
            _("Application %(reference)s %(decision)s: %(title)s")
            % {**_with_title(p), "decision": DECISIONS.get(p.get("decision"), "")}
        )
    ),
    "calls.committee_member_added": (
        lambda p: _("You sit on the selection committee of the call: %(title)s") % _with_title(p)
    ),
}


def register() -> None:
    for code, subject in KINDS.items():
        register_kind(code, subject=subject, body_template=BODY)


def association_admins(application) -> list:
    from accounts.models import User

    return list(
        User.objects.filter(
            is_active=True,
            pk__in=Membership.objects.filter(
                organisation_id=application.association_id, role=Membership.Role.ADMIN
            ).values("user"),
        ).order_by("pk")
    )


def _params(application, **extra) -> dict:
    call = application.call
    return {
        "reference": application.reference,
        "title_ar": call.title_ar,
        "title_fr": call.title_fr,
        **{k: str(v) for k, v in extra.items()},
    }


def tell_submitted(application, *, by) -> None:
    notify(
        recipients=[by, *association_admins(application)],
        kind="calls.application_submitted",
        params=_params(
            application,
            sha256=application.submission_sha256,
            submitted_at=timezone.localtime(application.submitted_at).strftime("%Y-%m-%d %H:%M"),
        ),
        link=("calls:application_edit", [application.pk]),
        key=f"calls.submitted.{application.pk}",
    )


def tell_ineligible(application) -> None:
    notify(
        recipients=association_admins(application),
        kind="calls.application_ineligible",
        params=_params(application, reason=application.eligibility_reason),
        link=("calls:application_edit", [application.pk]),
        key=f"calls.ineligible.{application.pk}.{int(application.screened_at.timestamp())}",
    )


def tell_decision(application) -> None:
    notify(
        recipients=association_admins(application),
        kind="calls.application_decided",
        params=_params(
            application, decision=application.decision, reason=application.decision_reason
        ),
        link=("calls:application_edit", [application.pk]),
        key=f"calls.decided.{application.pk}.{application.decision}",
    )


def tell_member_added(member) -> None:
    call = member.committee.call
    notify(
        recipients=[member.user],
        kind="calls.committee_member_added",
        params={"title_ar": call.title_ar, "title_fr": call.title_fr},
        link=("calls:review_list", [call.pk]),
        key=f"calls.member.{member.pk}",
    )
