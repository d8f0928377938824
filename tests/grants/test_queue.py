"""The funder staff's work queue (#18): officers see the requests awaiting review, oldest
first, with their due dates, evidence flags and sampling state; finance staff see what awaits
their check and payment; auditors read both; nobody else opens it. The site menu links it, with
the count waiting, and the funder dashboard, for funder staff only."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from grants import services
from grants.models import BeneficiarySample, SampleContact, Tranche, TrancheRequest
from grants.selectors import agreement_flags
from grants.selectors_queue import (
    BATCHED_DETECTORS,
    PURE_DETECTORS,
    agreements_flag_counts,
    work_queue,
    work_queue_count,
)
from organisations.models import Membership
from tests.factories.attendance import registered, staff
from tests.factories.grants import AgreementFactory, ProgrammeFactory
from tests.factories.organisations import OrganisationFactory, member_of

from .evidence_data import build, held, mark
from .helpers import fill_request

pytestmark = pytest.mark.django_db

URL = reverse("grants:queue")
R = TrancheRequest.Status
S = Tranche.Status


def _submitted(agreement, finance, *, submitted_at=None):
    """A tranche-2 request of ``agreement``, submitted (optionally at ``submitted_at``)."""
    tranches = services.agreement_tranches_create(agreement=agreement)
    services.tranche_payment_record(
        tranche=tranches[0], by=finance, paid_on=datetime.date(2024, 1, 10), reference="VIR-1"
    )
    admin = member_of(agreement.association, Membership.Role.ADMIN)
    request = services.tranche_request_create(tranche=tranches[1], by=admin)
    fill_request(request, admin)
    services.tranche_request_submit(request=request, by=admin)
    if submitted_at is not None:
        TrancheRequest.objects.filter(pk=request.pk).update(submitted_at=submitted_at)
    request.refresh_from_db()
    return request


def _approved(request, *, at=None):
    # The queue lists states; the review's own rules are tested with the review.
    at = at or timezone.now()
    TrancheRequest.objects.filter(pk=request.pk).update(status=R.APPROVED)
    Tranche.objects.filter(pk=request.tranche_id).update(status=S.APPROVED, approved_at=at)


def _cleared(request, *, at=None):
    _approved(request)
    Tranche.objects.filter(pk=request.tranche_id).update(
        status=S.CLEARED, cleared_at=at or timezone.now()
    )


def _queue(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response


def _t(msgid, **values):
    with translation.override("ar"):
        text = gettext(msgid)
    return text % values if values else text


@pytest.fixture
def submitted(agreement, finance):
    return _submitted(agreement, finance)


# --- The officer's list -------------------------------------------------------------------------


def test_the_officer_sees_each_request_awaiting_review_oldest_submission_first(
    client, officer, finance, programme, agreement
):
    newer = _submitted(agreement, finance)
    older = _submitted(
        AgreementFactory(programme=programme),
        finance,
        submitted_at=timezone.now() - datetime.timedelta(days=9),
    )
    response = _queue(client, officer)
    rows = response.context["queue"].review
    assert [row.request for row in rows] == [older, newer]
    assert rows[0].days_waiting == 9
    html = response.content.decode()
    assert f"<bdi>{older.tranche.agreement.reference}</bdi>" in html
    assert reverse("grants:request_review", args=[older.pk]) in html
    assert html.index(older.tranche.agreement.reference) < html.index(agreement.reference)
    assert _t("Review the request") in html


def test_the_queue_lists_submitted_resubmitted_and_under_review_but_not_drafts_or_decided(
    client, officer, finance, programme, submitted
):
    statuses = {R.RESUBMITTED: None, R.UNDER_REVIEW: None, R.DRAFT: None, R.APPROVED: None}
    for status in statuses:
        request = _submitted(AgreementFactory(programme=programme), finance)
        TrancheRequest.objects.filter(pk=request.pk).update(status=status)
        statuses[status] = request
    listed = {row.request.pk for row in _queue(client, officer).context["queue"].review}
    expected = {submitted.pk, statuses[R.RESUBMITTED].pk, statuses[R.UNDER_REVIEW].pk}
    assert listed == expected


def test_an_officer_sees_only_the_programmes_of_their_own_funder(client, finance, submitted):
    other_officer = member_of(OrganisationFactory(funder=True), Membership.Role.OFFICER)
    response = _queue(client, other_officer)
    assert response.context["queue"].review == []
    html = response.content.decode()
    assert submitted.tranche.agreement.reference not in html
    assert _t("No tranche request is waiting for review in your funder's programmes.") in html


def test_each_row_shows_the_tranche_its_amount_and_the_evidence_flags(client, officer, submitted):
    row = _queue(client, officer).context["queue"].review[0]
    snapshot = submitted.evidence_snapshot["readiness"]
    assert (row.targets_reached, row.targets) == (snapshot["reached"], snapshot["targets"])
    assert row.targets == 4 and row.targets_reached < row.targets  # nothing delivered yet
    assert row.snapshot_intact and row.missing_documents == []
    assert row.tranche.number == 2
    html = _queue(client, officer).content.decode()
    assert (
        _t("%(reached)s of %(targets)s targets reached", reached=row.targets_reached, targets=4)
        in html
    )


def test_a_missing_required_document_is_flagged(client, officer, finance, funder):
    programme = ProgrammeFactory(funder=funder, required_documents=["attendance_sheets"])
    request = _submitted(AgreementFactory(programme=programme), finance)
    programme.required_documents = ["attendance_sheets", "activity_photos"]
    programme.save()
    row = next(r for r in _queue(client, officer).context["queue"].review if r.request == request)
    assert row.missing_documents == ["activity_photos"]


def test_reports_received_after_their_due_date_are_flagged_late(client, officer, submitted):
    submitted_on = timezone.localdate(submitted.submitted_at)
    Tranche.objects.filter(pk=submitted.tranche_id).update(
        report_due_on=submitted_on - datetime.timedelta(days=3)
    )
    response = _queue(client, officer)
    deadline = response.context["queue"].review[0].deadline
    assert deadline.is_late and deadline.days_late == 3
    with translation.override("ar"):
        late = translation.ngettext(
            "received %(days)s day late", "received %(days)s days late", 3
        ) % {"days": 3}
    assert late in response.content.decode()


def test_reports_received_in_time_are_not_flagged(client, officer, submitted):
    submitted_on = timezone.localdate(submitted.submitted_at)
    Tranche.objects.filter(pk=submitted.tranche_id).update(
        report_due_on=submitted_on + datetime.timedelta(days=5)
    )
    response = _queue(client, officer)
    assert not response.context["queue"].review[0].deadline.is_late
    assert _t("received on time") in response.content.decode()


def test_the_sampling_state_reads_no_sample_then_who_was_contacted(client, officer, submitted):
    response = _queue(client, officer)
    assert response.context["queue"].review[0].sample_size is None
    assert _t("No sample drawn yet") in response.content.decode()

    sample = BeneficiarySample.objects.create(
        request=submitted,
        seed="0" * 64,
        share="0.05",
        minimum=3,
        population=40,
        members=[{"person": p, "stratum": 1} for p in ("p1", "p2", "p3")],
        snapshot_sha256=submitted.evidence_sha256,
        drawn_by=officer,
    )
    for person, outcome in (("p1", "unreachable"), ("p1", "confirmed"), ("p2", "denied")):
        SampleContact.objects.create(
            sample=sample,
            person=person,
            channel="phone",
            contacted_on=timezone.localdate(),
            outcome=outcome,
            recorded_by=officer,
        )
    row = _queue(client, officer).context["queue"].review[0]
    assert (row.sample_size, row.sample_contacted) == (3, 2)
    html = _queue(client, officer).content.decode()
    assert _t("%(contacted)s of %(size)s people contacted", contacted=2, size=3) in html


def test_an_officer_member_of_the_association_gets_no_review_link(
    client, officer, submitted, trainer_association
):
    Membership.objects.create(
        user=officer, organisation=trainer_association, role=Membership.Role.TRAINER
    )
    response = _queue(client, officer)
    row = response.context["queue"].review[0]
    assert not row.can_review and row.conflict
    html = response.content.decode()
    assert reverse("grants:request_review", args=[submitted.pk]) not in html
    assert reverse("grants:request_detail", args=[submitted.pk]) in html


def test_the_officer_does_not_see_the_finance_lists(client, officer, submitted):
    response = _queue(client, officer)
    assert not response.context["queue"].scope.shows_finance
    assert 'id="awaiting-check"' not in response.content.decode()


# --- Finance and auditors -----------------------------------------------------------------------


def test_finance_sees_approved_requests_awaiting_its_check_and_cleared_ones_awaiting_payment(
    client, finance, programme, submitted
):
    cleared = _submitted(AgreementFactory(programme=programme), finance)
    _approved(submitted, at=timezone.now() - datetime.timedelta(days=4))
    _cleared(cleared)
    response = _queue(client, finance)
    queue = response.context["queue"]
    assert queue.review == []
    assert [row.request.pk for row in queue.finance_check] == [submitted.pk]
    assert queue.finance_check[0].days_waiting == 4
    assert [row.tranche.pk for row in queue.payment] == [cleared.tranche_id]
    html = response.content.decode()
    assert reverse("grants:finance_check", args=[submitted.pk]) in html
    assert reverse("grants:tranche_payment", args=[cleared.tranche_id]) in html
    assert 'id="awaiting-review"' not in html


def test_finance_empty_lists_say_nothing_is_waiting(client, finance, submitted):
    html = _queue(client, finance).content.decode()
    assert _t("No approved request is waiting for finance's check.") in html
    assert _t("No tranche cleared for payment is waiting to be paid.") in html


def test_the_auditor_reads_every_list_and_acts_on_none(
    client, auditor, finance, programme, submitted
):
    approved = _submitted(AgreementFactory(programme=programme), finance)
    _approved(approved)
    response = _queue(client, auditor)
    queue = response.context["queue"]
    assert [row.request.pk for row in queue.review] == [submitted.pk]
    assert [row.request.pk for row in queue.finance_check] == [approved.pk]
    assert not queue.review[0].can_review and not queue.finance_check[0].can_act
    assert response.context["read_only"]
    html = response.content.decode()
    assert reverse("grants:request_review", args=[submitted.pk]) not in html
    assert reverse("grants:finance_check", args=[approved.pk]) not in html
    assert _t("You can read these lists: programme officers and finance staff act on them.") in html


@pytest.mark.parametrize("role", ["learner", "coordinator", "association_admin", "trainer"])
def test_people_outside_the_funder_staff_may_not_open_the_queue(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_queue_answers_only_get(client, officer):
    client.force_login(officer)
    assert client.post(URL).status_code == 405


# --- Attendance anomaly flags ------------------------------------------------------------------


def _flagged_world(agreement, other_agreement):
    """Sessions with anomalies: marks entered long after the session (every session of
    ``build``), a learner present at two sessions at once, more people present than
    registered, a mark sent from a phone whose clock was an hour off."""
    from courses.attendance.services import walk_in_add
    from courses.models import AttendanceReceipt, AttendanceRecord

    data = build(agreement)
    # L1, present at S1, is also present at another association's session at the same time.
    mark(data["elsewhere"], data["learners"][0], staff(data["elsewhere"].association))
    # S2 has three seats (L1, L4, L5 excused): two walk-ins make four people present.
    for name in ("زائر", "زائرة"):
        walk_in_add(session=data["s2"], by=data["trainer"], name_ar=name, gender="male")
    AttendanceReceipt.objects.create(
        key="k" * 32,
        submitted_by=data["trainer"],
        session=data["s2"],
        kind=AttendanceReceipt.Kind.MARK,
        record=AttendanceRecord.objects.filter(session=data["s2"]).order_by("pk").first(),
        clock_skew_seconds=3600,
        outcome=AttendanceReceipt.Outcome.RECORDED,
    )
    build(other_agreement)


def test_the_queue_counts_the_same_anomaly_flags_as_the_review_page(agreement, other_agreement):

    _flagged_world(agreement, other_agreement)
    expected = {a.pk: len(agreement_flags(agreement=a)) for a in (agreement, other_agreement)}
    assert expected[agreement.pk] > expected[other_agreement.pk] > 0
    assert agreements_flag_counts([agreement, other_agreement]) == expected
    codes = {f.flag.code for f in agreement_flags(agreement=agreement)}
    assert {"late_entry", "overlapping_sessions", "more_present_than_registered"} <= codes


def test_every_attendance_detector_is_counted_by_the_queue():
    from courses.attendance.flags import DETECTORS

    assert {d.__name__ for d in DETECTORS} == set(PURE_DETECTORS) | set(BATCHED_DETECTORS)


def test_each_row_shows_its_agreement_s_anomaly_count(client, officer, finance, agreement):
    build(agreement)
    request = _submitted(agreement, finance)

    flags = len(agreement_flags(agreement=agreement))
    response = _queue(client, officer)
    row = response.context["queue"].review[0]
    assert row.request == request and row.anomalies == flags > 0
    with translation.override("ar"):
        text = translation.ngettext(
            "%(counter)s attendance anomaly flagged",
            "%(counter)s attendance anomalies flagged",
            flags,
        ) % {"counter": flags}
    assert text in response.content.decode()


# --- Query budget -------------------------------------------------------------------------------


def _count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def _measure(client, user) -> int:
    client.force_login(user)
    client.get(URL)  # the session and caches warmed
    return _count(client)


def _with_sessions(agreement, sessions=2, people=3):
    trainer = staff(agreement.association)
    for day in range(sessions):
        session = held(agreement.association, f"2024-06-{day + 1:02d}")
        for learner in registered(session, people):
            mark(session, learner, trainer)


def _sampled(request, officer):
    BeneficiarySample.objects.create(
        request=request,
        seed="1" * 64,
        share="0.05",
        minimum=1,
        population=1,
        members=[{"person": "p1", "stratum": 1}],
        snapshot_sha256=request.evidence_sha256,
        drawn_by=officer,
    )


def test_the_queue_costs_the_same_however_many_requests_it_lists(
    client, officer, finance, auditor, programme, submitted
):
    _sampled(submitted, officer)
    _with_sessions(submitted.tranche.agreement, sessions=1, people=1)
    _approved(_submitted(AgreementFactory(programme=programme), finance))
    _cleared(_submitted(AgreementFactory(programme=programme), finance))
    small = {user.pk: _measure(client, user) for user in (officer, finance, auditor)}
    for _n in range(3):
        more = AgreementFactory(programme=programme)
        _with_sessions(more)
        _sampled(_submitted(more, finance), officer)
        _approved(_submitted(AgreementFactory(programme=programme), finance))
        _cleared(_submitted(AgreementFactory(programme=programme), finance))
    large = {user.pk: _measure(client, user) for user in (officer, finance, auditor)}
    assert large == small
    assert max(large.values()) <= 25
    queue = client.get(URL).context["queue"]  # the auditor's
    assert (len(queue.review), len(queue.finance_check), len(queue.payment)) == (4, 4, 4)


# --- The site menu ------------------------------------------------------------------------------


def _menu(client, user) -> str:
    client.force_login(user)
    html = client.get(reverse("courses:my_learning")).content.decode()
    return re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)


def test_an_officer_finds_the_work_queue_with_its_count_and_the_dashboard_in_the_menu(
    client, officer, finance, programme, submitted
):
    _submitted(AgreementFactory(programme=programme), finance)
    menu = _menu(client, officer)
    assert f'href="{URL}"' in menu
    assert f'href="{reverse("grants:dashboard")}"' in menu
    assert re.search(_t("Work queue") + r' <span class="badge">2</span>', menu)
    assert _t("Funder dashboard") in menu


def test_finance_counts_what_awaits_its_check_and_payment(client, finance, programme, submitted):
    _approved(submitted)
    _cleared(_submitted(AgreementFactory(programme=programme), finance))
    _submitted(AgreementFactory(programme=programme), finance)  # awaiting review: not finance's
    menu = _menu(client, finance)
    assert re.search(_t("Work queue") + r' <span class="badge">2</span>', menu)


def test_with_nothing_waiting_the_menu_shows_the_queue_without_a_count(client, auditor):
    menu = _menu(client, auditor)
    assert f'href="{URL}"' in menu
    assert f'href="{URL}">{_t("Work queue")}</a>' in menu


@pytest.mark.parametrize("role", ["learner", "coordinator", "association_admin", "trainer"])
def test_other_roles_see_neither_the_queue_nor_the_dashboard_in_the_menu(client, request, role):
    menu = _menu(client, request.getfixturevalue(role))
    assert f'href="{URL}"' not in menu
    assert f'href="{reverse("grants:dashboard")}"' not in menu


def test_the_menu_s_count_costs_one_query_and_matches_the_page(
    client, officer, finance, auditor, association_admin, programme, submitted
):
    _approved(_submitted(AgreementFactory(programme=programme), finance))
    _cleared(_submitted(AgreementFactory(programme=programme), finance))
    for user, expected in ((officer, 1), (finance, 2), (auditor, 3), (association_admin, None)):
        with CaptureQueriesContext(connection) as queries:
            count = work_queue_count(user=user)
        assert (count, len(queries)) == (expected, 1)
        if expected is not None:
            assert work_queue(user=user).total == expected
