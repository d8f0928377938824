"""The profile page shows what other apps register for it: organisations lists the person's
memberships, with the people page for the organisations they administer."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from accounts import profile_sections
from organisations.models import Membership

from ..factories.accounts import UserFactory
from ..factories.organisations import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def restore_sections():
    saved = list(profile_sections._sections)
    yield
    profile_sections._sections[:] = saved


def _profile(client, user) -> str:
    client.force_login(user)
    with translation.override("ar"):
        response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_profile_lists_the_persons_organisations(client, trainer_association):
    admin = MembershipFactory(organisation=trainer_association, role=Membership.Role.ADMIN).user
    MembershipFactory(user=admin, organisation__member=True, role=Membership.Role.MEMBER)
    html = _profile(client, admin)
    assert html.index('id="memberships-heading"') < html.index('id="profile-heading"')
    with translation.override("ar"):  # the page's language: names and links in Arabic
        assert escape(str(trainer_association)) in html
        people = reverse("organisations:people", args=[trainer_association.pk])
    assert html.count(people) == 1  # the member association's line has no link


def test_someone_without_organisations_is_told_so(client):
    html = _profile(client, UserFactory())
    assert 'id="memberships-heading"' in html
    with translation.override("ar"):  # the page's language
        told = gettext(
            "You do not belong to any organisation. "
            "You can still take the courses open to citizens."
        )
    assert told in html


def test_a_registered_section_is_shown_in_order(client, restore_sections):
    profile_sections.register(
        "test",
        template="x.html",
        data=lambda user: {"email": user.email},
        order=5,
    )
    sections = profile_sections.profile_sections(user=UserFactory())
    assert [s["name"] for s in sections] == ["test", "memberships"]
    # The same name again: replaced, not added.
    profile_sections.register("test", template="x.html", data=lambda user: {}, order=99)
    assert [s["name"] for s in profile_sections.profile_sections(user=UserFactory())] == [
        "memberships",
        "test",
    ]
