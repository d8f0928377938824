"""Operations on programmes and agreements."""

from django.db import transaction

from .models import Agreement, Programme


@transaction.atomic
def programme_create(
    *, funder, field, title_ar, title_fr, year, strategy_reference=""
) -> Programme:
    programme = Programme(
        funder=funder,
        field=field,
        title_ar=title_ar,
        title_fr=title_fr,
        year=year,
        strategy_reference=strategy_reference,
    )
    programme.full_clean()
    programme.save()
    return programme


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
) -> Agreement:
    agreement = Agreement(
        programme=programme,
        association=association,
        reference=reference,
        project_title_ar=project_title_ar,
        project_title_fr=project_title_fr,
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        amount=amount,
    )
    agreement.full_clean()
    agreement.save()
    return agreement
