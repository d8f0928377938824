"""The funder dashboard: every agreement of a programme on the same indicators."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grants import services
from tests.factories.attendance import registered, staff
from tests.factories.grants import AgreementFactory

from .evidence_data import build, held, mark

pytestmark = pytest.mark.django_db

URL = reverse("grants:dashboard")


@pytest.fixture
def agreements(programme, agreement):
    """The known agreement with its data set, and five more with one held session each."""
    build(agreement)
    services.agreement_tranches_create(agreement=agreement)
    others = []
    for index in range(5):
        other = AgreementFactory(programme=programme, target_sessions=2)
        services.agreement_tranches_create(agreement=other)
        for _ in range(index % 2 + 1):
            session = held(other.association, "2024-06-01")
            mark(session, registered(session)[0], staff(other.association))
        others.append(other)
    return [agreement, *others]


def test_dashboard_rows_and_totals(client, officer, agreements):
    client.force_login(officer)
    response = client.get(URL)
    rows = response.context["rows"]
    assert [r.agreement.reference for r in rows] == sorted(a.reference for a in agreements)
    totals = response.context["totals"]
    assert totals["agreements"] == 6
    assert totals["sessions"] == 2 + 1 + 2 + 1 + 2 + 1
    assert totals["beneficiaries"] == 4 + 1 + 2 + 1 + 2 + 1
    charts = response.context["charts"]
    assert sum(bar["value"] for bar in charts["statuses"]) == 6
    assert "<svg" in response.content.decode()


def test_dashboard_query_count_is_bounded(
    client, officer, agreements, django_assert_max_num_queries
):
    """Six agreements with sessions: the evidence costs a fixed number of queries."""
    client.force_login(officer)
    with django_assert_max_num_queries(30):
        assert client.get(URL).status_code == 200


def test_sort_and_filter(client, finance, agreements):
    client.force_login(finance)
    rows = client.get(URL, {"sort": "-sessions"}).context["rows"]
    assert [r.figures["sessions"] for r in rows] == [2, 2, 2, 1, 1, 1]
    rows = client.get(URL, {"readiness": "ready"}).context["rows"]
    assert all(r.ready for r in rows)
    rows = client.get(URL, {"status": "planned"}).context["rows"]
    assert rows and all(r.status == "planned" for r in rows)
    assert client.get(URL, {"field": "democracy"}).context["programme"] is None


def test_exports(client, auditor, agreements):
    client.force_login(auditor)
    response = client.get(URL, {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == 6
    assert {row["reference"] for row in table} == {a.reference for a in agreements}
    response = client.get(URL, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 7


def test_only_funder_staff(client, association_admin, citizen, agreements):
    for user in (association_admin, citizen):
        client.force_login(user)
        assert client.get(URL).status_code == 403
