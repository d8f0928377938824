"""Organisations, roles and Morocco's territories."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from organisations.models import Membership, Organisation, Province, Region
from organisations.services import membership_grant, organisation_create
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_the_twelve_regions_and_their_75_provinces_and_prefectures_are_loaded():
    assert Region.objects.count() == 12
    assert Province.objects.count() == 75
    assert Province.objects.filter(kind=Province.Kind.PREFECTURE).count() == 13
    assert Region.objects.get(code="12").provinces.count() == 2


def test_an_organisation_province_must_belong_to_its_region():
    rabat = Province.objects.get(name_fr="Rabat")
    with pytest.raises(ValidationError) as error:
        organisation_create(
            kind=Organisation.Kind.MEMBER,
            name_ar="ج",
            name_fr="A",
            registration_number="R-1",
            region=Region.objects.get(code="01"),
            province=rabat,
        )
    assert "province" in error.value.message_dict
    assert not Organisation.objects.exists()


def test_the_registration_number_is_unique(trainer_association):
    with pytest.raises(ValidationError):
        organisation_create(
            kind=Organisation.Kind.MEMBER,
            name_ar="ج",
            name_fr="A",
            registration_number=trainer_association.registration_number,
            region=trainer_association.region,
            province=trainer_association.province,
        )


def test_roles_are_checked_against_the_kind_of_organisation(member_association):
    user = UserFactory()
    with pytest.raises(ValidationError):
        membership_grant(user=user, organisation=member_association, role=Membership.Role.OFFICER)
    membership = membership_grant(
        user=user, organisation=member_association, role=Membership.Role.MEMBER
    )
    assert membership_grant(user=user, organisation=member_association, role="member") == membership


def test_the_same_role_cannot_be_stored_twice(member_association):
    user = UserFactory()
    Membership.objects.create(user=user, organisation=member_association, role="member")
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=user, organisation=member_association, role="member")


def test_the_name_follows_the_active_language(trainer_association):
    from django.utils import translation

    with translation.override("ar"):
        assert str(trainer_association) == trainer_association.name_ar
    with translation.override("fr"):
        assert str(trainer_association) == trainer_association.name_fr
