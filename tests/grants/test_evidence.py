"""Live evidence: figures computed from sessions and attendance, checked by hand."""

from decimal import Decimal

import pytest

from courses.attendance.services import attendance_correct
from courses.models import AttendanceRecord
from grants import selectors
from grants.evidence import age_band, delivery_figures_for
from grants.models import Programme
from tests.factories.attendance import registered, staff
from tests.factories.grants import AgreementFactory

from .evidence_data import build, held, mark

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(agreement):
    return build(agreement)


def test_sessions_beneficiaries_and_attendance(agreement, data):
    """Held sessions of the association in the period; staff never counted; walk-ins are."""
    figures = delivery_figures_for([agreement])[agreement.pk]
    assert figures["sessions"] == 2
    assert figures["beneficiaries"] == 4
    assert figures["member_associations"] == 2
    assert figures["attendance"] == {"expected": 6, "attended": 5, "rate": Decimal("0.8333")}
    assert figures["completions"] == 1
    assert figures["certificates"] == 1


def test_breakdowns_by_gender_age_and_territory(agreement, data):
    """Each beneficiary once per breakdown; territories are the sessions' venues."""
    figures = delivery_figures_for([agreement])[agreement.pk]
    assert figures["by_gender"] == {"female": 3, "male": 1, "unknown": 0}
    assert figures["women_share"] == Decimal("0.7500")
    assert figures["by_age_band"] == {
        "under_18": 1,
        "18_24": 1,
        "25_34": 1,
        "35_44": 0,
        "45_59": 0,
        "60_plus": 1,
        "unknown": 0,
    }
    r1, r2 = data["regions"]
    regions = {r["code"]: (r["sessions"], r["beneficiaries"]) for r in figures["by_region"]}
    assert regions == {r1.code: (1, 3), r2.code: (1, 2)}
    assert figures["regions"] == sorted([r1.code, r2.code])
    assert len(figures["by_province"]) == 2
    assert figures["by_theme"] == {"cybersecurity": 3, "dialogue": 2}


def test_learning_gain_from_pre_and_post_tests(agreement, data):
    """Mean post-test (80) minus mean pre-test (40 and 60)."""
    gain = delivery_figures_for([agreement])[agreement.pk]["learning_gain"]
    assert (gain["pre"], gain["post"], gain["gain"]) == (
        Decimal("50.00"),
        Decimal("80.00"),
        Decimal("30.00"),
    )


def test_course_share_rule_counts_only_regular_attendants(programme, agreement, data):
    """Under the course-share rule, one session out of two of a course is not enough at 60%."""
    Programme.objects.filter(pk=programme.pk).update(
        beneficiary_rule=Programme.BeneficiaryRule.COURSE_SHARE,
        beneficiary_min_course_share=Decimal("0.60"),
    )
    agreement.refresh_from_db()
    second = held(agreement.association, "2024-03-08", course=data["course"])
    l1 = data["learners"][0]
    from courses.models import SessionRegistration

    SessionRegistration.objects.create(session=second, learner=l1, status="confirmed")
    mark(second, l1, data["trainer"])
    figures = delivery_figures_for([agreement])[agreement.pk]
    # L1 attended both sessions of C1; L2 and W1 one of two; S2 (no course) counts alone.
    assert figures["sessions"] == 3
    assert figures["beneficiaries"] == 2  # L1, and L4 at the dialogue meeting


def test_evidence_progress_uses_the_figures(agreement, data):
    """Progress against targets × the programme's minimum share feeds the readiness meter."""
    agreement.target_sessions = 4
    agreement.target_beneficiaries = 10
    agreement.save()
    evidence = selectors.agreement_evidence(agreement=agreement)
    assert evidence["progress"]["sessions"]["achieved"] == 2
    assert evidence["progress"]["sessions"]["reached"] is True  # 2 ≥ 50% of 4
    assert evidence["progress"]["beneficiaries"]["reached"] is False  # 4 < 50% of 10
    assert evidence["figures"]["women_share"] == "0.7500"


def test_fingerprint_changes_only_with_the_evidence(agreement, data):
    first = selectors.evidence_fingerprint(selectors.agreement_evidence(agreement=agreement))
    again = selectors.evidence_fingerprint(selectors.agreement_evidence(agreement=agreement))
    assert first == again
    absent = AttendanceRecord.objects.current().get(session=data["s1"], learner=data["learners"][2])
    attendance_correct(record=absent, status="present", reason="Signed sheet", by=data["trainer"])
    changed = selectors.evidence_fingerprint(selectors.agreement_evidence(agreement=agreement))
    assert changed != first


def test_query_count_does_not_grow_with_agreements(
    programme, agreement, data, django_assert_max_num_queries
):
    """Five agreements with sessions cost the same number of queries as one."""
    agreements = [agreement]
    for _ in range(5):
        other = AgreementFactory(programme=programme)
        session = held(other.association, "2024-06-01")
        mark(session, registered(session)[0], staff(other.association))
        agreements.append(other)
    with django_assert_max_num_queries(14):
        figures = delivery_figures_for(agreements)
    assert [figures[a.pk]["sessions"] for a in agreements] == [2, 1, 1, 1, 1, 1]


@pytest.mark.parametrize(
    ("birth_year", "band"),
    [(None, "unknown"), (2007, "under_18"), (2006, "18_24"), (1990, "25_34"), (1965, "45_59")],
)
def test_age_bands(birth_year, band):
    assert age_band(birth_year, 2024) == band
