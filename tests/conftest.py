import pytest

from organisations.models import Membership, Organisation

from .factories.accounts import UserFactory
from .factories.organisations import MembershipFactory, OrganisationFactory


@pytest.fixture
def funder(db):
    return OrganisationFactory(funder=True)


@pytest.fixture
def trainer_association(db):
    return OrganisationFactory(kind=Organisation.Kind.TRAINER)


@pytest.fixture
def other_trainer_association(db):
    return OrganisationFactory(kind=Organisation.Kind.TRAINER)


@pytest.fixture
def member_association(db):
    return OrganisationFactory(member=True)


def _member(organisation, role):
    return MembershipFactory(organisation=organisation, role=role).user


@pytest.fixture
def officer(funder):
    return _member(funder, Membership.Role.OFFICER)


@pytest.fixture
def association_admin(trainer_association):
    return _member(trainer_association, Membership.Role.ADMIN)


@pytest.fixture
def trainer(trainer_association):
    return _member(trainer_association, Membership.Role.TRAINER)


@pytest.fixture
def coordinator(member_association):
    return _member(member_association, Membership.Role.ADMIN)


@pytest.fixture
def learner(member_association):
    return _member(member_association, Membership.Role.MEMBER)


@pytest.fixture
def citizen(db):
    return UserFactory()
