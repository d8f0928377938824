import datetime

import pytest

from grants import services
from organisations.models import Membership
from tests.factories.grants import AgreementFactory, ProgrammeFactory
from tests.factories.organisations import member_of

from .helpers import fill_request


@pytest.fixture
def finance(funder):
    return member_of(funder, Membership.Role.FINANCE)


@pytest.fixture
def other_finance(funder):
    return member_of(funder, Membership.Role.FINANCE)


@pytest.fixture
def auditor(funder):
    return member_of(funder, Membership.Role.AUDITOR)


@pytest.fixture
def officer_and_finance(funder):
    """One person holding both roles: the separation of duties must still hold."""
    user = member_of(funder, Membership.Role.OFFICER)
    Membership.objects.create(user=user, organisation=funder, role=Membership.Role.FINANCE)
    return user


@pytest.fixture
def other_association_admin(other_trainer_association):
    return member_of(other_trainer_association, Membership.Role.ADMIN)


@pytest.fixture
def programme(funder):
    return ProgrammeFactory(funder=funder)


@pytest.fixture
def agreement(programme, trainer_association):
    return AgreementFactory(programme=programme, association=trainer_association)


@pytest.fixture
def other_agreement(programme, other_trainer_association):
    return AgreementFactory(programme=programme, association=other_trainer_association)


@pytest.fixture
def tranches(agreement):
    return services.agreement_tranches_create(agreement=agreement)


@pytest.fixture
def paid_tranches(tranches, finance):
    services.tranche_payment_record(
        tranche=tranches[0], by=finance, paid_on=datetime.date(2024, 1, 10), reference="VIR-1"
    )
    for tranche in tranches:
        tranche.refresh_from_db()
    return tranches


@pytest.fixture
def draft_request(paid_tranches, association_admin):
    return services.tranche_request_create(tranche=paid_tranches[1], by=association_admin)


@pytest.fixture
def submitted_request(draft_request, association_admin):
    fill_request(draft_request, association_admin)
    return services.tranche_request_submit(request=draft_request, by=association_admin)
