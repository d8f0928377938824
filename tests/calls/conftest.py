import pytest

from organisations.models import Membership
from tests.factories.calls import open_call
from tests.factories.grants import ProgrammeFactory
from tests.factories.organisations import member_of


@pytest.fixture
def programme(funder):
    return ProgrammeFactory(funder=funder)


@pytest.fixture
def call(programme, officer):
    return open_call(programme=programme, officer=officer)


@pytest.fixture
def auditor(funder):
    return member_of(funder, Membership.Role.AUDITOR)
