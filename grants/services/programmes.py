"""Operations on programmes, their tranche plans and agreements."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    DEFAULT_REQUIRED_DOCUMENTS,
    DEFAULT_TRANCHE_PLAN,
    Agreement,
    Programme,
    TranchePlanItem,
)


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
    tranche_plan=None,
) -> Programme:
    """Create a programme with its tranche plan (by default 50% on signature, 50% on
    verified achievement)."""
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
    )
    programme.full_clean()
    programme.save()
    programme_tranche_plan_set(programme=programme, plan=tranche_plan or DEFAULT_TRANCHE_PLAN)
    return programme


@transaction.atomic
def programme_tranche_plan_set(*, programme, plan) -> list[TranchePlanItem]:
    """Replace the plan: ``plan`` is a list of (number, share %, trigger); shares sum to 100."""
    items = [
        TranchePlanItem(programme=programme, number=number, share=Decimal(share), trigger=trigger)
        for number, share, trigger in plan
    ]
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
) -> Agreement:
    """``targets`` maps sessions, beneficiaries, member_associations, certificates to counts."""
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
        rib=rib.replace(" ", ""),
    )
    for key, value in (targets or {}).items():
        if not hasattr(agreement, f"target_{key}"):
            raise ValidationError(_("Unknown target."), code="target_unknown")
        setattr(agreement, f"target_{key}", value)
    agreement.full_clean()
    agreement.save()
    if target_regions:
        agreement.target_regions.set(target_regions)
    if target_provinces:
        agreement.target_provinces.set(target_provinces)
    return agreement
