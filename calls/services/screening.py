"""Screening: the officer checks each submitted application's eligibility. Rules that are data
(years since registration, region) are checked automatically; the others by hand, each with a
reason. An ineligible application is told why."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.audit import audit_record

from .. import notifications
from ..models import Application, EligibilityCheck
from .calls import check_manager


def _years_between(start: datetime.date, end: datetime.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def automatic_checks(application) -> list[dict]:
    """The data rules, as {code, label, met, reason}: nothing is written."""
    call = application.call
    checks = []
    if call.min_years_registered:
        at = timezone.localdate(call.closes_at)
        registered = application.registered_on
        years = _years_between(registered, at) if registered else None
        met = years is not None and years >= call.min_years_registered
        checks.append(
            {
                "code": "years_registered",
                "label": _("Registered for at least %(years)s years at the deadline")
                % {"years": call.min_years_registered},
                "met": met,
                "reason": (
                    _("Registered on %(date)s: %(years)s full years at the deadline.")
                    % {"date": registered.isoformat(), "years": years}
                    if registered
                    else _("No registration date given.")
                ),
            }
        )
    regions = list(call.eligible_regions.all())
    if regions:
        region = application.association.region
        met = region.pk in {r.pk for r in regions}
        checks.append(
            {
                "code": "region",
                "label": _("Association based in an eligible region"),
                "met": met,
                "reason": (
                    _("Based in %(region)s.") % {"region": region.name}
                    if met
                    else _("Based in %(region)s, which the call does not cover.")
                    % {"region": region.name}
                ),
            }
        )
    return checks


@transaction.atomic
def application_screen(*, application, by, manual: dict, reason: str = "") -> Application:
    """Record the screening. ``manual`` maps each hand-checked rule's id to (met, reason); a
    rule not met needs its reason. The application is eligible when every rule is met."""
    application = (
        Application.objects.select_for_update()
        .select_related("call__programme__funder", "association__region")
        .get(pk=application.pk)
    )
    check_manager(by, application.call)
    if application.status != Application.Status.SUBMITTED:
        raise ValidationError(_("Only submitted applications are screened."), code="not_submitted")
    committee = getattr(application.call, "committee", None)
    if committee is not None and committee.is_closed:
        raise ValidationError(_("The committee has closed."), code="committee_closed")
    rows = automatic_checks(application)
    for rule in application.call.manual_rules.all():
        met, rule_reason = manual.get(rule.pk, (None, ""))
        if met is None:
            raise ValidationError(
                _("Answer the rule: %(rule)s") % {"rule": rule.label}, code="rule_unanswered"
            )
        rule_reason = (rule_reason or "").strip()
        if not met and not rule_reason:
            raise ValidationError(
                _("Give the reason why this rule is not met: %(rule)s") % {"rule": rule.label},
                code="reason_required",
            )
        rows.append(
            {"code": f"rule_{rule.pk}", "label": rule.label, "met": met, "reason": rule_reason}
        )
    eligible = all(row["met"] for row in rows)
    reasons = [f"{row['label']}: {row['reason']}" for row in rows if not row["met"]]
    if reason.strip():
        reasons.append(reason.strip())
    application.checks.all().delete()
    now = timezone.now()
    EligibilityCheck.objects.bulk_create(
        EligibilityCheck(
            application=application,
            code=row["code"],
            label=str(row["label"])[:255],
            automatic=not row["code"].startswith("rule_"),
            met=row["met"],
            reason=row["reason"],
            checked_by=by,
            checked_at=now,
        )
        for row in rows
    )
    before = application.eligibility
    application.eligibility = (
        Application.Eligibility.ELIGIBLE if eligible else Application.Eligibility.INELIGIBLE
    )
    application.eligibility_reason = "\n".join(reasons)
    application.screened_at = now
    application.screened_by = by
    application.save(
        update_fields=["eligibility", "eligibility_reason", "screened_at", "screened_by"]
    )
    audit_record(
        actor=by,
        action="application.screened",
        obj=application,
        before={"eligibility": before},
        after={
            "eligibility": application.eligibility,
            "checks": [[row["code"], row["met"], row["reason"]] for row in rows],
        },
    )
    if not eligible:
        notifications.tell_ineligible(application)
    return application
