"""The role checks of organisations.permissions."""

import pytest
from django.contrib.auth.models import AnonymousUser

from organisations import permissions
from organisations.models import Membership

pytestmark = pytest.mark.django_db


def test_anonymous_has_no_role(trainer_association):
    anonymous = AnonymousUser()
    assert not permissions.has_role(anonymous, trainer_association, "admin")
    assert not permissions.is_funder_staff(anonymous)
    assert not permissions.can_invite(anonymous, trainer_association, "trainer")


def test_roles_are_scoped_to_their_organisation(
    trainer, trainer_association, other_trainer_association
):
    assert permissions.has_role(trainer, trainer_association, Membership.Role.TRAINER)
    assert not permissions.has_role(trainer, other_trainer_association, Membership.Role.TRAINER)
    assert not permissions.has_role(trainer, trainer_association, Membership.Role.ADMIN)


def test_funder_staff_are_recognised_by_role(officer, trainer):
    assert permissions.is_funder_staff(officer)
    assert permissions.is_funder_staff(officer, Membership.Role.OFFICER)
    assert not permissions.is_funder_staff(officer, Membership.Role.FINANCE)
    assert not permissions.is_funder_staff(trainer)


def test_who_may_see_an_organisations_people(
    association_admin, trainer, trainer_association, learner
):
    assert permissions.can_view_organisation_members(association_admin, trainer_association)
    assert not permissions.can_view_organisation_members(trainer, trainer_association)
    assert not permissions.can_view_organisation_members(learner, trainer_association)
