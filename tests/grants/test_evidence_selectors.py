"""The courses' and certificates' batch selectors the evidence reads through: one query each
however many associations or agreements, none when there are none."""

import pytest

from certificates.selectors import certificate_counts_by_agreement
from courses.selectors import (
    attended_rows,
    completed_enrollments,
    held_sessions,
    quiz_score_totals,
    sessions_listed,
)
from tests.factories.grants import AgreementFactory

from .evidence_data import build

pytestmark = pytest.mark.django_db


def test_nothing_to_read_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert list(held_sessions(association_ids=set())) == []
        assert attended_rows(session_ids=[]) == []
        assert certificate_counts_by_agreement(agreements=[]) == {}


def test_each_batch_is_one_query(agreement, django_assert_num_queries):
    data = build(agreement)
    others = [AgreementFactory(programme=agreement.programme) for _n in range(3)]
    ids = {a.association_id for a in [agreement, *others]}
    with django_assert_num_queries(1):
        sessions = list(
            held_sessions(
                association_ids=ids, first_day=agreement.starts_on, last_day=agreement.ends_on
            )
        )
    assert {s.pk for s in sessions} == {data["s1"].pk, data["s2"].pk}
    with django_assert_num_queries(1):
        listed = list(sessions_listed(session_ids=[s.pk for s in sessions]))
        assert [s.region.code for s in listed]  # fetched with the sessions
    with django_assert_num_queries(1):
        rows = attended_rows(session_ids=[s.pk for s in sessions])
    assert len(rows) == 6  # L1 twice, L2, W1, L4 and the trainer
    with django_assert_num_queries(1):
        completed = list(completed_enrollments(association_ids=ids))
    # Every completion in the associations' courses; grants keeps the period's and not staff's.
    assert (agreement.association_id, data["learners"][0].pk) in {row[:2] for row in completed}
    assert len(completed) == 3
    with django_assert_num_queries(1):
        quiz_score_totals(association_ids=ids)
    with django_assert_num_queries(1):
        counts = certificate_counts_by_agreement(agreements=[agreement, *others])
    assert counts == {agreement.pk: 1, **{a.pk: 0 for a in others}}
