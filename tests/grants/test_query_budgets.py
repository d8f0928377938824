"""The funder dashboard costs a fixed number of queries however many agreements, sessions and
attendance records there are, and keeps its evidence until something it reads changes."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants import services
from tests.factories.attendance import registered, staff
from tests.factories.grants import AgreementFactory

from .evidence_data import build, held, mark

pytestmark = pytest.mark.django_db

URL = reverse("grants:dashboard")
DASHBOARD_BUDGET = 30


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _add_agreements(programme, count: int, sessions: int, people: int) -> None:
    for _n in range(count):
        agreement = AgreementFactory(programme=programme, target_sessions=2)
        services.agreement_tranches_create(agreement=agreement)
        trainer = staff(agreement.association)
        for _s in range(sessions):
            session = held(agreement.association, "2024-06-01")
            for learner in registered(session, people):
                mark(session, learner, trainer)


def test_the_dashboard_costs_the_same_with_more_agreements_and_records(
    client, officer, programme, agreement, django_assert_max_num_queries
):
    build(agreement)
    services.agreement_tranches_create(agreement=agreement)
    _add_agreements(programme, 1, sessions=1, people=1)
    client.force_login(officer)
    client.get(URL)
    small = count_queries(client, URL)
    _add_agreements(programme, 4, sessions=2, people=3)
    with django_assert_max_num_queries(DASHBOARD_BUDGET):
        response = client.get(URL)
    assert response.context["totals"]["agreements"] == 6
    assert count_queries(client, URL) == small


def test_the_dashboard_keeps_its_evidence_until_a_record_changes(
    client, officer, programme, agreement, settings
):
    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    _add_agreements(programme, 2, sessions=1, people=1)
    client.force_login(officer)
    first = client.get(URL).context["totals"]
    uncached = count_queries(client, URL)  # the session's user is read again, nothing else
    cached = count_queries(client, URL)
    assert cached == uncached
    assert client.get(URL).context["totals"] == first

    _add_agreements(programme, 1, sessions=1, people=2)  # new records replace the generation
    response = client.get(URL)
    totals = response.context["totals"]
    assert totals["agreements"] == first["agreements"] + 1
    assert totals["beneficiaries"] == first["beneficiaries"] + 2
    # The rendered rows are kept under the same generation: the new agreement shows at once.
    newest = programme.agreements.order_by("-pk").first()
    assert newest.reference in response.content.decode()


def test_the_cached_dashboard_skips_the_evidence_queries(
    client, officer, programme, agreement, settings
):
    _add_agreements(programme, 2, sessions=1, people=2)
    client.force_login(officer)
    client.get(URL)
    live = count_queries(client, URL)
    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    client.get(URL)
    assert count_queries(client, URL) < live
