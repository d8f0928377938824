"""Drill-down: every figure leads to the sessions, records and certificates behind it, with
names only for those who may see them, and funder staff's reading of names logged."""

import pytest
from django.urls import reverse

from grants.models import AuditLog
from grants.packs import pseudonym

from .evidence_data import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(agreement):
    return build(agreement)


def _beneficiaries(client, agreement, **query):
    return client.get(reverse("grants:evidence_beneficiaries", args=[agreement.pk]), query)


def test_officer_sees_names_and_the_access_is_logged(client, agreement, data, officer):
    client.force_login(officer)
    response = _beneficiaries(client, agreement)
    assert len(response.context["rows"]) == 5  # L1 twice (two sessions), L2, W1, L4
    assert data["learners"][0].display_name in response.content.decode()
    entry = AuditLog.objects.get(action="evidence.names_viewed")
    assert (entry.actor, entry.object_id) == (officer, str(agreement.pk))


def test_auditor_access_is_logged_too(client, agreement, data, auditor):
    client.force_login(auditor)
    client.get(reverse("grants:evidence_certificates", args=[agreement.pk]))
    assert AuditLog.objects.filter(action="evidence.names_viewed", actor=auditor).exists()


def test_finance_sees_pseudonyms_only(client, agreement, data, finance):
    client.force_login(finance)
    content = _beneficiaries(client, agreement).content.decode()
    learner = data["learners"][0]
    assert learner.display_name not in content
    assert pseudonym(f"u{learner.pk}") in content
    assert not AuditLog.objects.filter(action="evidence.names_viewed").exists()


def test_association_sees_its_own_names_without_a_log(client, agreement, data, association_admin):
    client.force_login(association_admin)
    content = _beneficiaries(client, agreement).content.decode()
    assert data["learners"][0].display_name in content
    assert not AuditLog.objects.filter(action="evidence.names_viewed").exists()


def test_filters_follow_the_breakdowns(client, agreement, data, officer):
    client.force_login(officer)
    female = _beneficiaries(client, agreement, gender="female").context["rows"]
    assert {row.key for row in female} == {
        f"u{data['learners'][0].pk}",
        f"u{data['learners'][3].pk}",
        f"p{data['walk_in'].pk}",
    }
    second_region = data["regions"][1].code
    rows = _beneficiaries(client, agreement, region=second_region).context["rows"]
    assert {row.session.pk for row in rows} == {data["s2"].pk}
    under_18 = _beneficiaries(client, agreement, age_band="under_18").context["rows"]
    assert [row.key for row in under_18] == [f"p{data['walk_in'].pk}"]


def test_sessions_page_lists_the_held_sessions(client, agreement, data, officer):
    client.force_login(officer)
    url = reverse("grants:evidence_sessions", args=[agreement.pk])
    response = client.get(url)
    assert [s.pk for s, _figures in response.context["rows"]] == [data["s1"].pk, data["s2"].pk]
    assert reverse("attendance:evidence", args=[data["s1"].pk]) in response.content.decode()
    rows = client.get(url, {"region": data["regions"][0].code}).context["rows"]
    assert [s.pk for s, _figures in rows] == [data["s1"].pk]
    rows = client.get(url, {"theme": "dialogue"}).context["rows"]
    assert [s.pk for s, _figures in rows] == [data["s2"].pk]


def test_certificates_page_lists_the_agreements_certificates(client, agreement, data, finance):
    client.force_login(finance)
    response = client.get(reverse("grants:evidence_certificates", args=[agreement.pk]))
    assert [c.pk for c in response.context["certificates"]] == [data["certificate"].pk]
    assert data["certificate"].holder_name_latin not in response.content.decode()


def test_agreement_page_links_every_figure(client, agreement, data, officer):
    client.force_login(officer)
    content = client.get(reverse("grants:agreement_detail", args=[agreement.pk])).content.decode()
    for name in ("evidence_sessions", "evidence_beneficiaries", "evidence_certificates"):
        assert reverse(f"grants:{name}", args=[agreement.pk]) in content


def test_review_page_shows_anomaly_flags_with_their_records(
    client, agreement, data, submitted_request, officer
):
    """Records entered long after the session (the data set's) are flagged on the review."""
    client.force_login(officer)
    response = client.get(reverse("grants:request_review", args=[submitted_request.pk]))
    flags = response.context["flags"]
    assert {item.flag.code for item in flags} >= {"late_entry"}
    assert {item.session.pk for item in flags} <= {data["s1"].pk, data["s2"].pk}
    assert reverse("attendance:evidence", args=[data["s1"].pk]) in response.content.decode()
