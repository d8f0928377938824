"""A small, known data set of delivered sessions and attendance for an agreement.

Agreement period: 2024-01-15 → 2025-07-15 (``AgreementFactory``).

- S1, held 2024-03-01, first province (region R1), course C1 (cybersecurity):
  L1 (female, 1990) present, L2 (male, 2000) late, L3 (no gender) absent, a trainer present
  (never counted), walk-in W1 (female, 2010, member association M2) present.
- S2, held 2024-04-01, a province of another region (R2), dialogue meeting without a course:
  L1 present, L4 (female, 1960) present, L5 excused.
- Not counted: a scheduled session in the period, a held one before the period, a held one of
  another association.

Beneficiaries: L1, L2, W1, L4 = 4; women 3 of 4; member associations M1 (L1, L2) and M2 (W1);
attendance 5 of 6 expected; completions: L1 in C1 (2024-05-01); one certificate in the period.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from courses.attendance.services import attendance_mark, walk_in_add
from courses.models import AttendanceRecord, Enrollment, QuizAttempt, QuizPage, TrainingSession
from organisations.models import Membership, Organisation, Province
from tests.factories.accounts import UserFactory
from tests.factories.attendance import registered, staff
from tests.factories.learning import (
    EnrollmentFactory,
    QuizPageFactory,
    TrainingSessionFactory,
    course_with_lessons,
)
from tests.factories.organisations import MembershipFactory, OrganisationFactory, _province

Status = AttendanceRecord.Status


def at(day: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day} 09:00"))


def held(association, day, **fields):
    starts_at = at(day)
    return TrainingSessionFactory(
        association=association,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        status=TrainingSession.Status.HELD,
        **fields,
    )


def mark(session, person, by, status=Status.PRESENT):
    return attendance_mark(
        session=session, participant=person, status=status, method="roll_call", by=by
    )


def build(agreement) -> dict:
    association = agreement.association
    trainer = staff(association)
    first = _province()
    second = Province.objects.exclude(region=first.region).order_by("code").first()
    m1 = OrganisationFactory(kind=Organisation.Kind.MEMBER)
    m2 = OrganisationFactory(kind=Organisation.Kind.MEMBER)
    course = course_with_lessons(association=association, lessons=0)[0]

    s1 = held(association, "2024-03-01", course=course, province=first, region=first.region)
    s1.trainers.add(trainer)
    l1 = UserFactory(gender="female", birth_year=1990)
    l2 = UserFactory(gender="male", birth_year=2000)
    l3 = UserFactory()
    for person in (l1, l2):
        MembershipFactory(user=person, organisation=m1, role=Membership.Role.MEMBER)
    from courses.models import SessionRegistration

    for person in (l1, l2, l3):
        SessionRegistration.objects.create(
            session=s1, learner=person, status=SessionRegistration.Status.CONFIRMED
        )
    mark(s1, l1, trainer)
    mark(s1, l2, trainer, Status.LATE)
    mark(s1, l3, trainer, Status.ABSENT)
    mark(s1, trainer, trainer)
    walk_in = walk_in_add(
        session=s1,
        by=trainer,
        name_ar="زائرة",
        gender="female",
        birth_year=2010,
        member_association=m2,
    )

    s2 = held(
        association,
        "2024-04-01",
        kind=TrainingSession.Kind.DIALOGUE,
        province=second,
        region=second.region,
    )
    l4 = UserFactory(gender="female", birth_year=1960)
    l5 = UserFactory(gender="male", birth_year=1980)
    for person in (l1, l4, l5):
        SessionRegistration.objects.create(
            session=s2, learner=person, status=SessionRegistration.Status.CONFIRMED
        )
    mark(s2, l1, trainer)
    mark(s2, l4, trainer)
    mark(s2, l5, trainer, Status.EXCUSED)

    # Not counted.
    scheduled = TrainingSessionFactory(
        association=association, starts_at=at("2024-05-01"), ends_at=at("2024-05-02")
    )
    mark(scheduled, registered(scheduled)[0], trainer)
    before = held(association, "2023-06-01")
    mark(before, registered(before)[0], trainer)
    elsewhere = held(OrganisationFactory(kind=Organisation.Kind.TRAINER), "2024-03-01")
    mark(elsewhere, registered(elsewhere)[0], staff(elsewhere.association))

    # Completions and pre/post tests.
    Enrollment.objects.create(
        learner=l1, course=course, status="completed", completed_at=at("2024-05-01")
    )
    Enrollment.objects.create(
        learner=l2, course=course, status="completed", completed_at=at("2026-01-01")
    )
    Enrollment.objects.create(
        learner=trainer, course=course, status="completed", completed_at=at("2024-05-01")
    )
    pre = QuizPageFactory(parent=course, kind=QuizPage.Kind.PRE_TEST)
    post = QuizPageFactory(parent=course, kind=QuizPage.Kind.POST_TEST)
    e4 = EnrollmentFactory(learner=l4, course=course)
    for enrollment, quiz, score in (
        (Enrollment.objects.get(learner=l1, course=course), pre, "40"),
        (e4, pre, "60"),
        (e4, post, "80"),
    ):
        QuizAttempt.objects.create(enrollment=enrollment, quiz=quiz, score=Decimal(score))
    # Certificates: one issued in the period, one after it.
    import datetime as dt

    from tests.factories.certificates import CertificateFactory

    certificate = CertificateFactory(learner=l1, course=course, issued_on=dt.date(2024, 5, 2))
    CertificateFactory(learner=l2, course=course, issued_on=dt.date(2026, 1, 2))
    return {
        "certificate": certificate,
        "trainer": trainer,
        "s1": s1,
        "s2": s2,
        "learners": [l1, l2, l3, l4, l5],
        "walk_in": walk_in.participant,
        "course": course,
        "regions": (first.region, second.region),
        "provinces": (first, second),
        "scheduled": scheduled,
        "before": before,
        "elsewhere": elsewhere,
    }
