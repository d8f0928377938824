"""Operations on programmes, their tranche plans and agreements.

The funder's officers call them from the programme pages and the bulk import (``by`` is the
person, whose permission is checked and who is named in the audit log); the demo data calls
them without ``by``.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organisations import permissions

from ..audit import audit_record
from ..models import (
    DEFAULT_REQUIRED_DOCUMENTS,
    DEFAULT_TRANCHE_PLAN,
    TARGETS,
    Agreement,
    Programme,
    TranchePlanItem,
)

# What an officer may set on a programme after creating it (the funder never changes).
PROGRAMME_FIELDS = (
    "field",
    "title_ar",
    "title_fr",
    "year",
    "strategy_reference",
    "themes",
    "beneficiary_rule",
    "beneficiary_min_course_share",
    "required_documents",
    "min_target_share",
    "starts_on",
    "ends_on",
    "report_due_days",
    "report_reminder_days",
)
# What an agreement's edit form changes; amount, dates and targets change only by a signed
# amendment (grants/services/amendments.py), which keeps the earlier values readable.
# Bank details change through grants/services/bank_details.py (with the bank's certificate).
AGREEMENT_EDITABLE_FIELDS = (
    "project_title_ar",
    "project_title_fr",
    "project_summary",
    "signed_on",
)


def _check_manager(by, funder) -> None:
    if by is not None and not permissions.can_manage_programmes(by, funder):
        raise PermissionDenied(_("Only the funder's programme officers manage its programmes."))


def programme_state(programme) -> dict:
    state = {name: getattr(programme, name) for name in PROGRAMME_FIELDS}
    state["tranche_plan"] = [
        [item.number, str(item.share), item.trigger] for item in programme.tranche_plan.all()
    ]
    return state


def agreement_state(agreement) -> dict:
    """What the audit log keeps of an agreement (never the RIB: only its last four digits)."""
    return {
        "reference": agreement.reference,
        "association": agreement.association_id,
        "project_title_ar": agreement.project_title_ar,
        "project_title_fr": agreement.project_title_fr,
        "signed_on": agreement.signed_on,
        "starts_on": agreement.starts_on,
        "ends_on": agreement.ends_on,
        "amount": agreement.amount,
        "targets": agreement.targets(),
        "target_women_share": agreement.target_women_share,
        "bank_name": agreement.bank_name,
        "rib": agreement.rib_masked,
        "version": agreement.version,
    }


def _plan_items(plan) -> list[TranchePlanItem]:
    return [
        TranchePlanItem(number=int(number), share=Decimal(share), trigger=trigger)
        for number, share, trigger in plan
    ]


def _plan_key(plan) -> list[tuple]:
    return sorted((int(n), Decimal(s).quantize(Decimal("0.01")), str(t)) for n, s, t in plan)


@transaction.atomic
def programme_create(
    *,
    funder,
    field,
    title_ar,
    title_fr,
    year,
    strategy_reference="",
    themes=None,
    required_documents=None,
    min_target_share=Decimal("0.50"),
    beneficiary_rule=Programme.BeneficiaryRule.ATTENDED_SESSION,
    beneficiary_min_course_share=Decimal("0.50"),
    starts_on=None,
    ends_on=None,
    report_due_days=30,
    report_reminder_days=7,
    tranche_plan=None,
    by=None,
) -> Programme:
    """Create a programme with its tranche plan (by default 50% on signature, 50% on
    verified achievement)."""
    _check_manager(by, funder)
    programme = Programme(
        funder=funder,
        field=field,
        title_ar=title_ar,
        title_fr=title_fr,
        year=year,
        strategy_reference=strategy_reference,
        themes=list(themes or []),
        required_documents=list(
            DEFAULT_REQUIRED_DOCUMENTS if required_documents is None else required_documents
        ),
        min_target_share=min_target_share,
        beneficiary_rule=beneficiary_rule,
        beneficiary_min_course_share=beneficiary_min_course_share,
        starts_on=starts_on,
        ends_on=ends_on,
        report_due_days=report_due_days,
        report_reminder_days=report_reminder_days,
    )
    programme.full_clean()
    programme.save()
    programme_tranche_plan_set(programme=programme, plan=tranche_plan or DEFAULT_TRANCHE_PLAN)
    if by is not None:
        audit_record(
            actor=by, action="programme.created", obj=programme, after=programme_state(programme)
        )
    return programme


@transaction.atomic
def programme_update(*, programme, by, tranche_plan=None, **changes) -> Programme:
    """Change a programme's settings and, while no agreement has tranches, its tranche plan.
    A period that would leave one of its agreements outside is refused."""
    _check_manager(by, programme.funder)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    before = programme_state(programme)
    unknown = set(changes) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValidationError(_("These settings cannot be changed here."), code="field_unknown")
    for name, value in changes.items():
        setattr(programme, name, value)
    programme.full_clean()
    outside = _agreements_outside(programme)
    if outside:
        raise ValidationError(
            _("The agreements %(references)s fall outside this period.")
            % {"references": ", ".join(outside[:5])},
            code="agreement_outside_period",
        )
    programme.save()
    if tranche_plan is not None and _plan_key(tranche_plan) != _plan_key(before["tranche_plan"]):
        programme_tranche_plan_set(programme=programme, plan=tranche_plan)
    after = programme_state(programme)
    if after != before:
        audit_record(
            actor=by, action="programme.updated", obj=programme, before=before, after=after
        )
    return programme


def _agreements_outside(programme) -> list[str]:
    agreements = programme.agreements.all()
    if programme.starts_on is None and programme.ends_on is None:
        return []
    references = []
    for agreement in agreements.only("reference", "starts_on", "ends_on"):
        if _period_problem(programme, agreement.starts_on, agreement.ends_on):
            references.append(agreement.reference)
    return references


def _period_problem(programme, starts_on, ends_on) -> str | None:
    if programme.starts_on and starts_on and starts_on < programme.starts_on:
        return _("The agreement starts before its programme (%(date)s).") % {
            "date": programme.starts_on.isoformat()
        }
    if programme.ends_on and ends_on and ends_on > programme.ends_on:
        return _("The agreement ends after its programme (%(date)s).") % {
            "date": programme.ends_on.isoformat()
        }
    return None


def agreement_terms_check(*, programme, amount, starts_on, ends_on) -> None:
    """The rules an agreement's amount and dates obey, at signature and at each amendment:
    a positive amount in MAD (to the centime), an end after the start, inside the programme's
    period when it has one."""
    if not isinstance(amount, Decimal):
        try:
            amount = Decimal(str(amount))
        except ArithmeticError:
            amount = None
    if amount is None or not amount.is_finite() or amount <= 0:
        raise ValidationError(
            _("The amount must be a positive amount in MAD."), code="amount_not_positive"
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(
            _("An amount in MAD has at most two decimals (centimes)."), code="amount_centimes"
        )
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError(_("The end date is before the start date."), code="dates_order")
    problem = _period_problem(programme, starts_on, ends_on)
    if problem:
        raise ValidationError(problem, code="agreement_outside_period")


def _date(value):
    """A date given as ISO text (the demo data, a test) is read as the model would read it."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a date.") % {"value": value[:20]}, code="date"
            ) from None
    return value


def tranche_plan_of(programme) -> list[tuple[int, Decimal, str]]:
    return [(item.number, item.share, item.trigger) for item in programme.tranche_plan.all()]


@transaction.atomic
def programme_tranche_plan_set(*, programme, plan) -> list[TranchePlanItem]:
    """Replace the plan: ``plan`` is a list of (number, share %, trigger); shares sum to 100."""
    items = _plan_items(plan)
    for item in items:
        item.programme = programme
    if not items:
        raise ValidationError(_("A tranche plan has at least one tranche."), code="plan_empty")
    if sorted(item.number for item in items) != list(range(1, len(items) + 1)):
        raise ValidationError(_("Tranches are numbered 1, 2, 3…"), code="plan_numbers")
    if sum(item.share for item in items) != Decimal("100"):
        raise ValidationError(_("The tranche shares must add up to 100%."), code="plan_total")
    if programme.agreements.filter(tranches__isnull=False).exists():
        raise ValidationError(
            _("Tranches already exist under this plan; it can no longer change."),
            code="plan_in_use",
        )
    for item in items:
        item.full_clean(exclude=["programme"])
    programme.tranche_plan.all().delete()
    return TranchePlanItem.objects.bulk_create(items)


@transaction.atomic
def agreement_create(
    *,
    programme,
    association,
    reference,
    project_title_ar,
    project_title_fr,
    signed_on,
    starts_on,
    ends_on,
    amount,
    project_summary="",
    targets=None,
    target_women_share=Decimal("0"),
    target_regions=(),
    target_provinces=(),
    bank_name="",
    rib="",
    by=None,
    create_tranches=False,
) -> Agreement:
    """``targets`` maps sessions, beneficiaries, member_associations, certificates to counts.

    ``create_tranches``: create the agreement's tranches from the programme's plan at once
    (the pages and the import do; the demo creates them in its own step)."""
    _check_manager(by, programme.funder)
    reference = (reference or "").strip()
    if reference and Agreement.objects.filter(reference__iexact=reference).exists():
        raise ValidationError(
            _("An agreement with the reference %(reference)s already exists.")
            % {"reference": reference},
            code="reference_taken",
        )
    signed_on, starts_on, ends_on = (_date(d) for d in (signed_on, starts_on, ends_on))
    agreement_terms_check(programme=programme, amount=amount, starts_on=starts_on, ends_on=ends_on)
    agreement = Agreement(
        programme=programme,
        association=association,
        reference=reference,
        project_title_ar=project_title_ar,
        project_title_fr=project_title_fr,
        project_summary=project_summary,
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        amount=Decimal(amount),
        target_women_share=Decimal(target_women_share),
        bank_name=bank_name,
        rib=(rib or "").replace(" ", ""),
    )
    known = {key for key, _label in TARGETS}
    for key, value in (targets or {}).items():
        if key not in known:
            raise ValidationError(_("Unknown target."), code="target_unknown")
        setattr(agreement, f"target_{key}", value)
    agreement.full_clean()
    agreement.save()
    if target_regions:
        agreement.target_regions.set(target_regions)
    if target_provinces:
        agreement.target_provinces.set(target_provinces)
    if by is not None:
        audit_record(
            actor=by, action="agreement.created", obj=agreement, after=agreement_state(agreement)
        )
    if create_tranches:
        from .tranches import agreement_tranches_create

        agreement_tranches_create(agreement=agreement)
    return agreement


@transaction.atomic
def agreement_update(
    *, agreement, by, target_regions=None, target_provinces=None, **changes
) -> Agreement:
    """Change what an agreement's edit page changes: titles, summary, date of signature,
    regions and provinces covered."""
    _check_manager(by, agreement.programme.funder)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    unknown = set(changes) - set(AGREEMENT_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("The amount, dates and targets change only by a signed amendment."),
            code="amendment_required",
        )
    before = agreement_state(agreement)
    for name, value in changes.items():
        setattr(agreement, name, value)
    agreement.full_clean()
    agreement.save()
    if target_regions is not None:
        agreement.target_regions.set(target_regions)
    if target_provinces is not None:
        agreement.target_provinces.set(target_provinces)
    after = agreement_state(agreement)
    if after != before:
        audit_record(
            actor=by, action="agreement.updated", obj=agreement, before=before, after=after
        )
    return agreement
