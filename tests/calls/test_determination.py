import datetime
import html
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from calls import selectors, services
from calls.models import Application
from grants.models import BudgetLine
from notifications.models import Notification
from tests.factories.calls import open_call

from .helpers import (
    association_in,
    close_call,
    codes,
    committee_of,
    eligible_application,
    score_all,
)

pytestmark = pytest.mark.django_db
D1, D2, D3 = datetime.date(2027, 1, 10), datetime.date(2027, 2, 1), datetime.date(2027, 12, 31)


def _scored_call(programme, officer, marks_by_region, **fields):
    call = open_call(programme=programme, officer=officer, **fields)
    (reviewer,) = committee_of(call, officer, n=1)
    applications = []
    for region_code, mark in marks_by_region:
        application = eligible_application(call, officer, association=association_in(region_code))
        score_all(application, reviewer, [mark] * 5)
        applications.append(application)
    close_call(call)
    services.committee_close(call=call, by=officer)
    return call, applications


def test_ranking_follows_the_score_and_the_regional_cap(programme, officer):
    call, (a, b, c, d) = _scored_call(
        programme,
        officer,
        [("01", 5), ("01", 4), ("02", 3), ("03", 1)],
        expected_agreements=2,
        max_per_region=1,
        reserve_size=1,
        min_score=Decimal("2"),
    )
    proposal = {row["application"].pk: row["proposal"] for row in selectors.ranking(call)}
    assert proposal[a.pk] == Application.Decision.SELECTED
    assert proposal[b.pk] == Application.Decision.RESERVE  # its region is full
    assert proposal[c.pk] == Application.Decision.SELECTED
    assert proposal[d.pk] == Application.Decision.REJECTED  # below the minimum


def _decide_as_proposed(call, officer):
    rows = selectors.ranking(call)
    return services.decisions_record(
        call=call,
        by=officer,
        decisions={r["application"].pk: (r["proposal"], r["rule"]) for r in rows},
    )


def test_decisions_need_a_closed_committee(call, officer):
    with pytest.raises(ValidationError) as error:
        services.decisions_record(call=call, by=officer, decisions={})
    assert codes(error.value) == {"committee_open"}


def test_a_decision_needs_a_reason_and_no_more_selected_than_expected(programme, officer):
    call, (a, b) = _scored_call(programme, officer, [("01", 5), ("02", 4)], expected_agreements=1)
    with pytest.raises(ValidationError):
        services.decisions_record(
            call=call,
            by=officer,
            decisions={a.pk: ("selected", "Premier"), b.pk: ("selected", "Second")},
        )
    with pytest.raises(ValidationError):
        services.decisions_record(
            call=call, by=officer, decisions={a.pk: ("selected", ""), b.pk: ("rejected", "x")}
        )
    assert not Application.objects.filter(decision="selected").exists()


def test_each_association_is_told_the_decision(programme, officer):
    call, (a, b) = _scored_call(programme, officer, [("01", 5), ("02", 4)], expected_agreements=1)
    _decide_as_proposed(call, officer)
    told = Notification.objects.get(recipient=b.admin, kind="calls.application_decided")
    assert told.params["decision"] == "reserve" or told.params["decision"] == "rejected"
    assert (
        Notification.objects.get(recipient=a.admin, kind="calls.application_decided").params[
            "decision"
        ]
        == "selected"
    )


def test_a_selected_application_becomes_an_agreement_in_one_step(programme, officer):
    call, (a, b) = _scored_call(programme, officer, [("01", 5), ("02", 4)], expected_agreements=1)
    _decide_as_proposed(call, officer)
    agreement = services.application_to_agreement(
        application=a,
        by=officer,
        reference="2026-AP-001",
        signed_on=D1,
        starts_on=D2,
        ends_on=D3,
    )
    a.refresh_from_db()
    assert a.agreement == agreement
    assert agreement.amount == Decimal("200000.00")
    assert agreement.target_sessions == 12 and agreement.target_beneficiaries == 240
    lines = BudgetLine.objects.filter(agreement=agreement)
    assert sorted((line.category, line.amount) for line in lines) == [
        ("trainers", Decimal("120000.00")),
        ("venue", Decimal("80000.00")),
    ]
    assert agreement.tranches.count() == 2
    with pytest.raises(ValidationError) as error:
        services.application_to_agreement(
            application=a,
            by=officer,
            reference="2026-AP-002",
            signed_on=D1,
            starts_on=D2,
            ends_on=D3,
        )
    assert codes(error.value) == {"agreement_exists"}
    with pytest.raises(ValidationError) as error:
        services.application_to_agreement(
            application=b,
            by=officer,
            reference="2026-AP-003",
            signed_on=D1,
            starts_on=D2,
            ends_on=D3,
        )
    assert codes(error.value) == {"not_selected"}


def test_the_results_are_published_and_the_report_counts_by_region(programme, officer, client):
    call, (a, b) = _scored_call(programme, officer, [("01", 5), ("02", 4)], expected_agreements=1)
    _decide_as_proposed(call, officer)
    services.results_publish(call=call, by=officer)
    response = client.get(f"/fr/calls/{call.pk}/results/")
    body = html.unescape(response.content.decode())
    assert a.association.name_fr in body
    assert b.association.name_fr not in body
    report = selectors.fairness_report(call)
    assert report["total"]["selected"] == 1 and report["total"]["eligible"] == 2
    assert len(report["groups"]["region"]) == 2
