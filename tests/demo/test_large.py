"""The large data set generator (``seed_demo --size large``) at a tiny scale: the counts it
aims at, attendance chains that verify, signed credentials, and a second run that changes
nothing. The prerequisites the small demo would give (trainer associations with agreements
and course sections) come from factories, so this runs in seconds."""

import datetime

import pytest
from django.core.management import call_command

from accounts.models import User
from certificates.models import Certificate
from certificates.signing import jws_verify
from certificates.sponsors import certificate_sponsor
from courses.attendance.services import attendance_chain_verify
from courses.models import (
    AttendanceRecord,
    CoursePage,
    Enrollment,
    LessonProgress,
    SessionRegistration,
    SessionReport,
    TrainingSession,
)
from demo import large as demo_large
from demo.large.people import MEMBER_PREFIX
from organisations.models import Membership, Organisation
from tests.factories.grants import AgreementFactory
from tests.factories.learning import section_for
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db

SCALE = 0.005


@pytest.fixture
def trainer_associations(db):
    associations = []
    for number in range(1, 4):
        association = OrganisationFactory(
            kind=Organisation.Kind.TRAINER, registration_number=f"DEMO-T-{number:03d}"
        )
        AgreementFactory(association=association, ends_on=datetime.date(2026, 12, 31))
        section_for(association)
        associations.append(association)
    return associations


def _large_sessions():
    return TrainingSession.objects.filter(title_ar__regex=r" · L[0-9]{4}$")


def _counts():
    return {
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "courses": CoursePage.objects.count(),
        "sessions": TrainingSession.objects.count(),
        "registrations": SessionRegistration.objects.count(),
        "records": AttendanceRecord.objects.count(),
        "reports": SessionReport.objects.count(),
        "enrollments": Enrollment.objects.count(),
        "progress": LessonProgress.objects.count(),
        "certificates": Certificate.objects.count(),
    }


def test_counts_scale_down_for_tests():
    full = demo_large.Counts.at(1)
    assert (full.members, full.learners, full.courses, full.sessions, full.certificates) == (
        400,
        20_000,
        200,
        3_000,
        15_000,
    )
    tiny = demo_large.Counts.at(SCALE)
    assert (tiny.members, tiny.learners, tiny.sessions) == (2, 100, 15)


def test_large_data_set_at_a_tiny_scale(trainer_associations):
    lines = []
    demo_large.seed(scale=SCALE, log=lines.append)
    counts = demo_large.Counts.at(SCALE)

    assert Organisation.objects.filter(registration_number__startswith=MEMBER_PREFIX).count() == 2
    learners = User.objects.filter(
        email__startswith="learner.", email__endswith="large.tamkeen.test"
    )
    assert learners.count() == counts.learners
    assert Membership.objects.filter(user__in=learners, role="member").count() == counts.learners
    # Every trainer association gets a trainer, who records the roll calls.
    assert Membership.objects.filter(role="trainer").count() == len(trainer_associations)
    courses = CoursePage.objects.live().filter(slug__startswith="l-course-")
    assert courses.count() == counts.courses
    assert all(course.lessons().count() == 2 for course in courses)

    sessions = _large_sessions()
    assert sessions.count() == counts.sessions
    assert not sessions.exclude(status=TrainingSession.Status.HELD).exists()
    assert sessions.filter(starts_at__lt=datetime.datetime.now(datetime.UTC)).count() == 15
    per_session = demo_large.MARKS_PER_SESSION + 1
    records = AttendanceRecord.objects.filter(session__in=sessions)
    assert records.count() == counts.sessions * per_session
    assert records.filter(method="correction").count() == counts.sessions
    assert SessionReport.objects.filter(session__in=sessions).count() == counts.sessions
    # The chains are exactly what the services would have written.
    for session in sessions:
        verification = attendance_chain_verify(session=session)
        assert verification == []
        assert verification.legacy_links == 0  # keyed links and a seal, like the services'
        head = records.filter(session=session).order_by("-pk").first()
        assert session.report.chain_head == head.content_hash
    call_command("verify_attendance_chains", verbosity=0)

    certificates = Certificate.objects.all()
    assert 0 < certificates.count() <= counts.certificates
    for certificate in certificates.select_related("enrollment", "learner"):
        _header, payload = jws_verify(certificate.credential_jwt)
        assert payload["id"].endswith(f"/{certificate.code}/") or certificate.code in payload["id"]
        assert certificate.enrollment.status == Enrollment.Status.COMPLETED
        assert certificate_sponsor(certificate)["agreement"] is not None
        assert LessonProgress.objects.filter(enrollment=certificate.enrollment).count() == 2
        attended = AttendanceRecord.objects.current().filter(
            learner=certificate.learner,
            session__course=certificate.course,
            status__in=AttendanceRecord.ATTENDED,
        )
        assert attended.exists()
    assert lines[-1].startswith("Large data set ready")


def test_a_second_run_changes_nothing(trainer_associations):
    demo_large.seed(scale=SCALE, log=lambda line: None)
    first = _counts()
    lines = []
    demo_large.seed(scale=SCALE, log=lines.append)
    assert _counts() == first
    assert sum("already there, skipped" in line for line in lines) == len(demo_large.STEPS)


def test_it_needs_the_small_demo_first(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="run seed_demo"):
        demo_large.seed(scale=SCALE, log=lambda line: None)
