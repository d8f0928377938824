import factory

from organisations.data.territories import load as load_territories
from organisations.models import Invitation, Membership, Organisation, Province, Region

from .accounts import UserFactory


def _province():
    # Transactional tests flush the reference data the migration loaded: load it again.
    if not Province.objects.exists():
        load_territories(Region, Province)
    return Province.objects.select_related("region").order_by("code").first()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.TRAINER
    name_ar = factory.Sequence(lambda n: f"جمعية الاختبار {n}")
    name_fr = factory.Sequence(lambda n: f"Association d'essai {n}")
    registration_number = factory.Sequence(lambda n: f"TEST-{n:05d}")
    province = factory.LazyFunction(_province)
    region = factory.LazyAttribute(lambda o: o.province.region)

    class Params:
        funder = factory.Trait(kind=Organisation.Kind.FUNDER)
        member = factory.Trait(kind=Organisation.Kind.MEMBER)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.TRAINER


def member_of(organisation, role):
    """A new person holding ``role`` in ``organisation``."""
    return MembershipFactory(organisation=organisation, role=role).user


__all__ = ["Invitation", "MembershipFactory", "OrganisationFactory", "member_of"]
