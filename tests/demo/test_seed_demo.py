"""The demo loader: complete, idempotent, refused in production, and telling a true story: a
programme half-way through its year, whose anomaly flags point at the seeded anomalies only.

The demo is seeded once for the module (twice, to check that the second run changes nothing)
inside a transaction rolled back at the end; each test runs in a savepoint within it."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test.utils import override_settings

from accounts.models import ConsentRecord, User
from certificates.models import Certificate
from courses.attendance.flags import session_flags
from courses.attendance.services import attendance_chain_verify
from courses.models import (
    AttendanceRecord,
    AttendanceSheetScan,
    Enrollment,
    Participant,
    SessionRegistration,
    SessionReport,
    TrainingSession,
)
from grants.dashboard import programme_dashboard
from grants.models import Agreement, Programme, Tranche, TrancheRequest
from grants.selectors import agreement_flags
from organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def _counts():
    models = [
        Organisation,
        Membership,
        User,
        ConsentRecord,
        Programme,
        Agreement,
        Tranche,
        TrancheRequest,
        TrainingSession,
        SessionRegistration,
        AttendanceRecord,
        Participant,
        AttendanceSheetScan,
        SessionReport,
        Enrollment,
        Certificate,
    ]
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        first = _counts()
        call_command("seed_demo", verbosity=0)
        yield {"first": first, "second": _counts()}
        transaction.set_rollback(True)


def test_seed_demo_builds_the_2023_call_and_a_second_run_changes_nothing(seeded):
    assert Organisation.objects.filter(kind="trainer").count() == 97
    call = Agreement.objects.filter(programme__year=2023)
    assert call.filter(programme__field="democracy").count() == 52
    assert call.filter(programme__field="digital").count() == 45
    assert Organisation.objects.filter(kind="trainer").values("region").distinct().count() == 12
    roles = set(Membership.objects.values_list("role", flat=True))
    assert {"admin", "trainer", "editor", "member", "officer", "finance", "auditor"} <= roles
    assert User.objects.filter(is_superuser=True).count() == 1
    assert seeded["second"] == seeded["first"]


def test_seed_demo_refuses_to_run_with_debug_off(seeded, settings):
    settings.DEBUG = False
    before = _counts()
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert _counts() == before


def _dashboard_rows():
    rows = []
    for programme in Programme.objects.filter(year=2023):
        rows += programme_dashboard(programme=programme)["rows"]
    return rows


def test_the_dashboard_shows_a_programme_half_way_through_its_year(seeded):
    rows = _dashboard_rows()
    assert len(rows) == 97
    shares = {
        row.agreement.reference: Decimal(row.figures["sessions"]) / row.agreement.target_sessions
        for row in rows
    }
    unpaid = {
        row.agreement.reference
        for row in rows
        if row.agreement.tranches.get(number=1).status != Tranche.Status.PAID
    }
    # The agreements still waiting for their first transfer have not started; every other
    # one has held sessions with beneficiaries.
    assert unpaid and all(shares[ref] == 0 for ref in unpaid)
    started = [row for row in rows if row.agreement.reference not in unpaid]
    assert all(row.figures["sessions"] and row.figures["beneficiaries"] for row in started)
    ahead = [ref for ref, share in shares.items() if share >= Decimal("0.6")]
    behind = [ref for ref, share in shares.items() if ref not in unpaid and share < Decimal("0.3")]
    on_track = [ref for ref, share in shares.items() if Decimal("0.3") <= share < Decimal("0.6")]
    assert 5 <= len(ahead) <= 20
    assert 3 <= len(behind) <= 15
    assert len(on_track) >= 55
    readiness = Counter(row.evidence["readiness"]["reached"] for row in rows)
    assert len(readiness) >= 4  # from nothing reached yet to every target reached
    for row in started:
        figures = row.figures
        assert Decimal("0.6") < Decimal(figures["attendance"]["rate"]) <= 1
        assert figures["women_share"] is not None
        assert figures["member_associations"] >= 1
    regions = {place["code"] for row in rows for place in row.figures["by_region"]}
    assert len(regions) == 12
    kinds = {row.agreement.programme.field: set() for row in rows}
    for row in rows:
        kinds[row.agreement.programme.field] |= set(row.figures["by_theme"])
    assert kinds["democracy"] == {"awareness", "dialogue"}
    assert "training" in kinds["digital"] or {"cybersecurity", "communication"} & kinds["digital"]


def test_anomaly_flags_point_at_the_seeded_anomalies_only(seeded):
    flagged = {}
    for session in TrainingSession.objects.filter(attendance_records__isnull=False).distinct():
        for flag in session_flags(session=session):
            flagged.setdefault(session.association.registration_number, set()).add(flag.code)
    under_review = TrancheRequest.objects.get(status=TrancheRequest.Status.SUBMITTED)
    agreement = under_review.tranche.agreement
    late = [ref for ref, codes in flagged.items() if codes == {"late_entry"}]
    assert flagged.pop(agreement.association.registration_number) == {"shared_device"}
    assert len(late) == 1 and flagged == {late[0]: {"late_entry"}}
    # The officer reviewing the request sees it among the review page's flags.
    assert {item.flag.code for item in agreement_flags(agreement=agreement)} == {"shared_device"}


def test_records_are_dated_at_their_sessions_time_and_chained(seeded):
    held = TrainingSession.objects.filter(status=TrainingSession.Status.HELD)
    assert held.count() > 250
    for session in held:
        assert attendance_chain_verify(session=session) == []
        report = session.report
        assert session.ends_at < report.closed_at
    records = AttendanceRecord.objects.select_related("session")
    late = [r for r in records if r.recorded_at > r.session.ends_at + timedelta(hours=72)]
    assert {r.session_id for r in late} and len({r.session_id for r in late}) == 1
    early = [r for r in records if r.recorded_at < r.session.starts_at - timedelta(minutes=30)]
    assert early == []
    methods = set(records.values_list("method", flat=True))
    assert {"roll_call", "qr", "sheet", "correction"} <= methods
    registrations = SessionRegistration.objects.filter(session__in=held).select_related("session")
    assert all(r.created_at < r.session.starts_at for r in registrations)


def test_every_seeded_account_gave_the_privacy_consent(seeded):
    consenting = ConsentRecord.objects.filter(
        purpose=ConsentRecord.Purpose.PROCESSING, given=True, source="signup"
    ).values("user")
    assert User.objects.exclude(pk__in=consenting).count() == 0
    assert ConsentRecord.objects.filter(purpose=ConsentRecord.Purpose.PHOTOS).count() == (
        User.objects.count()
    )


def test_certificates_issued_and_one_revoked(seeded):
    assert 5 <= Certificate.objects.filter(status=Certificate.Status.VALID).count() <= 12
    revoked = Certificate.objects.get(status=Certificate.Status.REVOKED)
    assert revoked.revoked_reason and revoked.learner.email == "citizen@tamkeen.test"
    assert Certificate.objects.filter(learner__email="learner@tamkeen.test").exists()


def test_the_readme_scenarios_still_hold(seeded):
    call = TrancheRequest.objects.filter(tranche__agreement__programme__year=2023)
    assert sorted(call.values_list("status", flat=True)) == [
        "changes_requested",
        "draft",
        "submitted",
    ]
    under_review = TrancheRequest.objects.get(status=TrancheRequest.Status.SUBMITTED)
    frozen = under_review.evidence_snapshot["figures"]
    assert frozen["sessions"] >= 4 and frozen["beneficiaries"] > 30
    draft = TrancheRequest.objects.get(status=TrancheRequest.Status.DRAFT)
    assert draft.tranche.agreement.association.memberships.filter(
        user__email="trainer.admin@tamkeen.test"
    ).exists()
    assert not draft.documents.filter(document_type="bank_statement").exists()
    learner = User.objects.get(email="learner@tamkeen.test")
    assert Enrollment.objects.filter(learner=learner).exists()
    assert AttendanceRecord.objects.filter(learner=learner).exists()
    assert SessionRegistration.objects.filter(status="waitlisted").exists()


def test_the_2025_call_pays_in_three_tranches_and_shows_its_deadlines(seeded):
    """A 30/40/30 plan: one agreement with tranche 2 paid and its tranche-3 request under
    review, reports due within days for two, late for one (#17)."""
    from grants.services.deadlines import deadline_flag, report_deadlines

    programme = Programme.objects.get(year=2025)
    assert [item.share for item in programme.tranche_plan.all()] == [30, 40, 30]
    agreements = list(programme.agreements.order_by("reference"))
    assert len(agreements) == 6
    first = agreements[0]
    assert [t.status for t in first.tranches.order_by("number")] == ["paid", "paid", "under_review"]
    assert first.tranches.get(number=3).requests.get().status == "under_review"
    flags = [deadline_flag(report_deadlines(agreement=a)) for a in agreements[1:]]
    states = [flag.state if flag else "" for flag in flags]
    assert states.count("due_soon") == 2 and states.count("late") == 1


def test_every_demo_course_reads_whole_in_arabic_and_in_french(seeded):
    """Same lessons and the same quizzes in both trees, as translations of each other."""
    from courses.models import CoursePage, LessonPage, QuizPage

    arabic = CoursePage.objects.live().filter(locale__language_code="ar")
    assert arabic.count() == 4
    for course in arabic:
        french = course.get_translations().live().get()
        assert french.locale.language_code == "fr"
        for model in (LessonPage, QuizPage):
            keys_ar = list(
                model.objects.child_of(course).live().values_list("translation_key", flat=True)
            )
            keys_fr = list(
                model.objects.child_of(french).live().values_list("translation_key", flat=True)
            )
            assert keys_ar and keys_ar == keys_fr, (course.slug, model.__name__)
        kinds = set(QuizPage.objects.child_of(french).values_list("kind", flat=True))
        assert kinds == {QuizPage.Kind.PRE_TEST, QuizPage.Kind.POST_TEST}
        for quiz in QuizPage.objects.child_of(french).live().specific():
            arabic_quiz = quiz.get_translation(course.locale)
            assert [b.id for b in quiz.questions] == [b.id for b in arabic_quiz.questions]
            assert quiz.title != arabic_quiz.title
            for block, arabic_block in zip(quiz.questions, arabic_quiz.questions, strict=True):
                assert block.value["text"] != arabic_block.value["text"]
                assert [c["is_correct"] for c in block.value["choices"]] == [
                    c["is_correct"] for c in arabic_block.value["choices"]
                ]


def test_every_demo_page_has_a_working_language_switch(seeded, client):
    """Crawl the page tree: each page, each of its switcher's links and its /en/ address
    answer (the /en/ one by a redirect to a French page), never a 404."""
    import re
    from html import unescape

    from wagtail.models import Page

    link = re.compile(r'class="language-switcher__link" href="([^"]+)" hreflang="([a-z]+)"')
    answered: dict[str, int] = {}

    def status(url):
        if url not in answered:
            answered[url] = client.get(url).status_code
        return answered[url]

    pages = Page.objects.live().public().filter(depth__gt=1).select_related("locale")
    assert pages.count() > 200
    for page in pages:
        url = page.url
        response = client.get(url)
        assert response.status_code == 200, url
        targets = {code: unescape(href) for href, code in link.findall(response.content.decode())}
        assert set(targets) == {"ar", "fr", "en"} - {page.locale.language_code}, url
        for code, target in targets.items():
            assert status(target) == 200, (url, code, target)
        english = client.get("/en/" + url.split("/", 2)[2])
        assert english.status_code == 302, url
        assert english["Location"].startswith("/fr/"), url
        assert status(english["Location"]) == 200, (url, english["Location"])
