"""The header shows the sections of the current language and the links each role needs."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _header(client, path="/ar/"):
    html = client.get(path).content.decode()
    return html.split("<main", 1)[0]


def test_a_visitor_sees_sessions_search_and_sign_up_but_no_private_links(client):
    header = _header(client)
    assert reverse("courses:session_list") in header
    assert reverse("cms:search") in header
    assert reverse("courses:my_learning") not in header
    assert "/admin/" not in header


def test_a_learner_sees_my_learning_but_not_agreements_or_the_admin(client, learner):
    client.force_login(learner)
    header = _header(client)
    assert reverse("courses:my_learning") in header
    assert reverse("grants:agreement_list") not in header
    assert "/admin/" not in header


def test_a_coordinator_sees_their_members(client, coordinator, member_association):
    client.force_login(coordinator)
    assert reverse("courses:coordinator", args=[member_association.pk]) in _header(client)


def test_trainer_staff_see_agreements_and_the_authoring_admin(client, trainer):
    client.force_login(trainer)
    header = _header(client)
    assert reverse("grants:agreement_list") in header
    assert "/admin/" in header


def test_the_header_costs_a_bounded_number_of_queries(
    client, learner, django_assert_max_num_queries
):
    client.force_login(learner)
    with django_assert_max_num_queries(12):
        client.get("/ar/accounts/password/change/")
