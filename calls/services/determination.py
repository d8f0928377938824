"""Determination: the ranking the call's rules propose, the officer's decision per application
with its reason, the association told in its language, the public list of those selected; and a
selected application becoming an agreement in one step."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.audit import audit_record
from grants.models import BudgetLine
from grants.services import agreement_create, agreement_tranches_create

from .. import notifications
from ..answers import budget_categories
from ..models import Application, Call, Question
from ..selectors import ranking
from .calls import check_manager


def ranking_propose(*, call) -> list[dict]:
    return ranking(call)


@transaction.atomic
def decisions_record(*, call, by, decisions: dict) -> list[Application]:
    """``decisions`` maps application ids to (decision, reason): every eligible application
    gets one, each with its reason, no more selected than the call expects; the committee must
    have closed. Each association is told in its language."""
    check_manager(by, call)
    call = Call.objects.select_for_update().get(pk=call.pk)
    committee = getattr(call, "committee", None)
    if committee is None or not committee.is_closed:
        raise ValidationError(
            _("Close the committee before deciding: the scores must be locked."),
            code="committee_open",
        )
    rows = {row["application"].pk: row for row in ranking(call)}
    if set(decisions) != set(rows):
        raise ValidationError(
            _("Decide on every eligible application."), code="decisions_incomplete"
        )
    errors = []
    for pk, (decision, reason) in decisions.items():
        if decision not in (
            Application.Decision.SELECTED,
            Application.Decision.RESERVE,
            Application.Decision.REJECTED,
        ):
            errors.append(
                _("%(reference)s: choose a decision.")
                % {"reference": rows[pk]["application"].reference}
            )
        elif not (reason or "").strip():
            errors.append(
                _("%(reference)s: give the reason for the decision.")
                % {"reference": rows[pk]["application"].reference}
            )
    selected = sum(1 for d, _r in decisions.values() if d == Application.Decision.SELECTED)
    if selected > call.expected_agreements:
        errors.append(
            _("%(count)s selected: the call expects %(expected)s agreements.")
            % {"count": selected, "expected": call.expected_agreements}
        )
    if errors:
        raise ValidationError(errors, code="decisions_invalid")
    now = timezone.now()
    changed = []
    for pk, (decision, reason) in decisions.items():
        application = rows[pk]["application"]
        if application.decision == decision and application.decision_reason == reason.strip():
            continue
        if application.agreement_id and decision != Application.Decision.SELECTED:
            raise ValidationError(
                _("%(reference)s already has an agreement.") % {"reference": application.reference},
                code="agreement_exists",
            )
        before = {"decision": application.decision, "reason": application.decision_reason}
        application.decision = decision
        application.decision_reason = reason.strip()
        application.rank = rows[pk]["rank"]
        application.decided_at = now
        application.decided_by = by
        application.save(
            update_fields=["decision", "decision_reason", "rank", "decided_at", "decided_by"]
        )
        audit_record(
            actor=by,
            action="application.decided",
            obj=application,
            before=before,
            after={
                "decision": decision,
                "reason": application.decision_reason,
                "rank": application.rank,
                "score": application.score,
                "proposal": rows[pk]["proposal"],
            },
        )
        notifications.tell_decision(application)
        changed.append(application)
    return changed


@transaction.atomic
def results_publish(*, call, by) -> Call:
    """Publish the list of selected associations on the call's public page."""
    check_manager(by, call)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not call.applications.filter(decision=Application.Decision.SELECTED).exists():
        raise ValidationError(_("No application is selected yet."), code="nothing_selected")
    if call.results_published_at is None:
        call.results_published_at = timezone.now()
        call.save(update_fields=["results_published_at"])
        audit_record(
            actor=by,
            action="call.results_published",
            obj=call,
            after={
                "selected": list(
                    call.applications.filter(decision=Application.Decision.SELECTED).values_list(
                        "number", flat=True
                    )
                )
            },
        )
    return call


def _answers_of(application, kind):
    for question in Question.objects.filter(section__call=application.call, kind=kind):
        value = application.answers.get(question.key)
        if value:
            return value
    return None


def _summary(application) -> str:
    for question in Question.objects.filter(
        section__call=application.call, kind=Question.Kind.LONG_TEXT
    ):
        value = application.answers.get(question.key)
        if value:
            return value
    return ""


def _budget_lines_set(*, agreement, lines, by) -> None:
    """Through grants' budget service when it exists, else the rows themselves (the same
    model: ``grants.BudgetLine``)."""
    try:
        from grants.services.budgets import budget_lines_set
    except ImportError:
        budget_lines_set = None
    if budget_lines_set is not None:
        budget_lines_set(agreement=agreement, lines=lines, by=by)
        return
    merged: dict = {}
    for line in lines:
        key = (line["category"], line["label"])
        merged[key] = merged.get(key, Decimal("0")) + Decimal(line["amount"])
    for position, ((category, label), amount) in enumerate(merged.items()):
        line = BudgetLine(
            agreement=agreement, category=category, label=label, amount=amount, position=position
        )
        line.full_clean()
        line.save()


@transaction.atomic
def application_to_agreement(
    *, application, by, reference, signed_on, starts_on, ends_on, amount=None
):
    """A selected application becomes an agreement: its amount (the one requested unless
    given), budget lines, targets per indicator and activity plan, with its tranches from the
    programme's plan; ready for the signed convention to be uploaded on the agreement's page."""
    application = (
        Application.objects.select_for_update()
        .select_related("call__programme__funder", "association")
        .get(pk=application.pk)
    )
    check_manager(by, application.call)
    if application.decision != Application.Decision.SELECTED:
        raise ValidationError(
            _("Only a selected application becomes an agreement."), code="not_selected"
        )
    if application.agreement_id:
        raise ValidationError(
            _("This application is already agreement %(reference)s.")
            % {"reference": application.agreement.reference},
            code="agreement_exists",
        )
    programme = application.call.programme
    lines = _answers_of(application, Question.Kind.BUDGET) or []
    known = {code for code, _label in budget_categories(programme)}
    lines = [line for line in lines if line["category"] in known]
    targets = _answers_of(application, Question.Kind.TARGETS) or {}
    agreement = agreement_create(
        programme=programme,
        association=application.association,
        reference=reference,
        project_title_ar=application.project_title_ar or application.project_title_fr,
        project_title_fr=application.project_title_fr or application.project_title_ar,
        project_summary=_summary(application),
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        amount=Decimal(amount if amount is not None else application.requested_amount),
        targets=targets,
        target_regions=[application.association.region],
        target_provinces=[application.association.province],
        by=by,
    )
    if lines:
        _budget_lines_set(agreement=agreement, lines=lines, by=by)
    agreement_tranches_create(agreement=agreement)
    application.agreement = agreement
    application.save(update_fields=["agreement"])
    audit_record(
        actor=by,
        action="application.converted",
        obj=application,
        after={"agreement": agreement.reference, "budget_lines": len(lines), "targets": targets},
    )
    return agreement
