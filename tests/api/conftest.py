import pytest

from grants.services import agreement_tranches_create
from organisations.models import Membership

from ..factories.api import api_client
from ..factories.grants import AgreementFactory, ProgrammeFactory
from ..factories.organisations import member_of


@pytest.fixture
def finance(funder):
    return member_of(funder, Membership.Role.FINANCE)


@pytest.fixture
def programme(funder):
    return ProgrammeFactory(funder=funder)


@pytest.fixture
def agreement(programme, trainer_association):
    agreement = AgreementFactory(programme=programme, association=trainer_association)
    agreement_tranches_create(agreement=agreement)
    return agreement


@pytest.fixture
def finance_token(funder, finance, agreement):
    return api_client(funder, finance)[1]


@pytest.fixture
def officer_token(funder, officer, agreement):
    return api_client(funder, officer)[1]


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
