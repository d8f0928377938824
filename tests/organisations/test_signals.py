"""Organisations' signals: sent by the services inside their transaction, received by courses
(authoring sections and groups) as when the services called courses directly."""

import pytest
from django.contrib.auth.models import Group

from courses.models import CourseSectionPage
from organisations.models import Membership, Organisation
from organisations.services import membership_grant, organisation_create
from organisations.signals import membership_granted, organisation_created

from ..factories.accounts import UserFactory
from ..factories.courses import CatalogPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    """Every signal sent during the test, as ``(signal name, keyword arguments)``."""
    calls = []

    def on_organisation(sender, **kwargs):
        calls.append(("organisation_created", kwargs))

    def on_membership(sender, **kwargs):
        calls.append(("membership_granted", kwargs))

    organisation_created.connect(on_organisation)
    membership_granted.connect(on_membership)
    yield calls
    organisation_created.disconnect(on_organisation)
    membership_granted.disconnect(on_membership)


def _create(kind, number, funder):
    return organisation_create(
        kind=kind,
        name_ar="جمعية",
        name_fr=f"Association {number}",
        registration_number=number,
        region=funder.region,
        province=funder.province,
    )


def test_creating_an_organisation_says_so_once(received, funder):
    association = _create(Organisation.Kind.MEMBER, "SIG-001", funder)
    assert [(name, kwargs["organisation"]) for name, kwargs in received] == [
        ("organisation_created", association)
    ]


def test_only_a_new_trainer_association_gets_authoring_sections(funder):
    CatalogPageFactory()
    member = _create(Organisation.Kind.MEMBER, "SIG-002", funder)
    trainer = _create(Organisation.Kind.TRAINER, "SIG-003", funder)
    assert not CourseSectionPage.objects.filter(association=member).exists()
    assert CourseSectionPage.objects.filter(association=trainer).count() == 1
    assert not Group.objects.filter(name__startswith="SIG-002").exists()


def test_granting_a_role_says_whether_it_is_new(received, trainer_association):
    user = UserFactory()
    first = membership_grant(user=user, organisation=trainer_association, role="editor")
    again = membership_grant(user=user, organisation=trainer_association, role="editor")
    assert first == again
    sent = [(kwargs["membership"], kwargs["user"], kwargs["created"]) for _n, kwargs in received]
    assert sent == [(first, user, True), (first, user, False)]


def test_a_failing_receiver_undoes_the_grant(trainer_association):
    """Sent inside the service's transaction: the groups and the membership stand or fall
    together, as when the service called courses itself."""

    def fail(sender, **kwargs):
        raise RuntimeError("receiver failed")

    membership_granted.connect(fail)
    user = UserFactory()
    try:
        with pytest.raises(RuntimeError):
            membership_grant(user=user, organisation=trainer_association, role="editor")
    finally:
        membership_granted.disconnect(fail)
    assert not Membership.objects.filter(user=user).exists()
