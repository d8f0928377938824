import datetime
from decimal import Decimal

import factory

from grants.models import Agreement, BudgetLine, Programme, rib_with_key
from grants.services import programme_tranche_plan_set

from .organisations import OrganisationFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    funder = factory.SubFactory(OrganisationFactory, funder=True)
    field = Programme.Field.DIGITALIZATION
    title_ar = factory.Sequence(lambda n: f"برنامج {n}")
    title_fr = factory.Sequence(lambda n: f"Programme {n}")
    year = factory.Sequence(lambda n: 2000 + n)
    required_documents = factory.LazyFunction(lambda: ["attendance_sheets", "invoices"])

    @factory.post_generation
    def plan(self, create, extracted, **kwargs):
        if create:
            from grants.models import DEFAULT_TRANCHE_PLAN

            programme_tranche_plan_set(programme=self, plan=extracted or DEFAULT_TRANCHE_PLAN)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    programme = factory.SubFactory(ProgrammeFactory)
    association = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"TEST-AG-{n:04d}")
    project_title_ar = "مشروع"
    project_title_fr = "Projet"
    signed_on = datetime.date(2023, 12, 19)
    starts_on = datetime.date(2024, 1, 15)
    ends_on = datetime.date(2025, 7, 15)
    amount = Decimal("200000.00")
    target_sessions = 10
    target_beneficiaries = 200
    target_member_associations = 5
    target_certificates = 100
    bank_name = "Banque d'essai"
    rib = factory.Sequence(lambda n: rib_with_key(f"{n:022d}"))


class BudgetLineFactory(factory.django.DjangoModelFactory):
    """One line of an agreement's budget (most tests set a whole budget through the service)."""

    class Meta:
        model = BudgetLine

    agreement = factory.SubFactory(AgreementFactory)
    category = "venue"
    label = factory.Sequence(lambda n: f"Ligne {n}")
    amount = Decimal("1000.00")
    position = factory.Sequence(lambda n: n)
