"""Demo learning records: sessions in all 12 regions, registrations (one full session with a
waiting list), and the demo learner's progress and quiz attempts. Built through the services;
running it again changes nothing. Runs after ``demo.courses.catalogue`` (it needs live courses)."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from courses import services
from courses.models import (
    CoursePage,
    Enrollment,
    LessonProgress,
    QuizAttempt,
    QuizPage,
    TrainingSession,
)
from organisations.models import Region

KINDS = [
    TrainingSession.Kind.TRAINING,
    TrainingSession.Kind.AWARENESS,
    TrainingSession.Kind.DIALOGUE,
]
# Session texts in Arabic and French (the session pages show the reader's language).
TITLE_PREFIX = {
    TrainingSession.Kind.TRAINING: ("حصة تكوينية", "Séance de formation"),
    TrainingSession.Kind.AWARENESS: ("لقاء تحسيسي", "Rencontre de sensibilisation"),
    TrainingSession.Kind.DIALOGUE: ("لقاء للحوار الترابي", "Rencontre de dialogue territorial"),
}
VENUES = [
    ("دار الشباب", "Maison des jeunes"),
    ("المركب الثقافي", "Complexe culturel"),
    ("مقر الجماعة", "Siège de la commune"),
    ("دار المواطن", "Maison du citoyen"),
]


def _local(day_offset: int, hour: int):
    moment = timezone.localtime() + timedelta(days=day_offset)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _quizzes(course: CoursePage) -> tuple[QuizPage | None, QuizPage | None]:
    """The course's pre-test and post-test, which the catalogue step built with the course."""
    quizzes = QuizPage.objects.child_of(course).live()
    return (
        quizzes.filter(kind=QuizPage.Kind.PRE_TEST).first(),
        quizzes.filter(kind=QuizPage.Kind.POST_TEST).first(),
    )


def _sessions(*, courses, rng) -> list[TrainingSession]:
    sessions = []
    for index, region in enumerate(Region.objects.prefetch_related("provinces")):
        course = courses[index % len(courses)]
        kind = KINDS[index % len(KINDS)]
        prefix_ar, prefix_fr = TITLE_PREFIX[kind]
        title_ar = f"{prefix_ar}: {course.title} — {region.name_ar}"
        french = course.get_translations().filter(locale__language_code="fr").first()
        title_fr = f"{prefix_fr} : {(french or course).title} — {region.name_fr}"
        existing = TrainingSession.objects.filter(title_ar=title_ar).first()
        if existing:
            sessions.append(existing)
            continue
        province = list(region.provinces.all())[0]
        online = index % 4 == 3
        starts_at = _local(3 + index * 2, 9 + rng.randrange(0, 6))
        venue_ar, venue_fr = ("", "") if online else rng.choice(VENUES)
        staff = course.association.memberships.filter(role__in=["admin", "trainer"])
        trainer = staff.select_related("user").first()
        sessions.append(
            services.session_create(
                association=course.association,
                by=trainer.user if trainer else User.objects.filter(is_superuser=True).first(),
                trainers=[trainer.user] if trainer else [],
                kind=kind,
                course=course if kind == TrainingSession.Kind.TRAINING else None,
                title_ar=title_ar,
                title_fr=title_fr,
                audience="أعضاء الجمعيات والمواطنون",
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=3),
                mode=TrainingSession.Mode.ONLINE if online else TrainingSession.Mode.IN_PERSON,
                venue_ar=venue_ar,
                venue_fr=venue_fr,
                province=None if online else province,
                region=region,
                online_url="https://meet.tamkeen.test/demo" if online else "",
                capacity=2 if index == 0 else rng.choice([20, 25, 30, 40]),
            )
        )
    return sessions


def seed(*, rng, context, log):
    courses = list(
        CoursePage.objects.live()
        .filter(locale__language_code="ar", association__isnull=False)
        .select_related("association")
        .order_by("path")
    )
    if not courses:
        log("Learning: no live course yet, nothing to add.")
        return
    users = {
        email: User.objects.get(email=email)
        for email in ("learner@tamkeen.test", "coordinator@tamkeen.test", "citizen@tamkeen.test")
    }
    learner, coordinator, citizen = users.values()
    sessions = _sessions(courses=courses, rng=rng)

    # The first session is small and full: two seats taken, the coordinator waits.
    full = sessions[0]
    for session, person in [(full, learner), (full, citizen), (full, coordinator)] + [
        (sessions[1], learner)
    ]:
        # Run again after the session has started, registration is closed, as it should be.
        with contextlib.suppress(ValidationError):
            services.registration_create(session=session, learner=person, by=person)

    # The learner follows the first course: enrolled by their coordinator, two lessons done,
    # a pre-test and a post-test taken.
    course = next((c for c in courses if c.theme == CoursePage.Theme.CYBERSECURITY), courses[0])
    member_association = context.get("organisations", {}).get("member")
    if member_association is not None:
        enrollment = services.enrollment_create(
            learner=learner, course=course, by=coordinator, member_association=member_association
        )
    else:
        enrollment = services.enrollment_create(learner=learner, course=course, by=learner)
    for lesson in course.lessons()[:2]:
        services.lesson_complete(enrollment=enrollment, lesson=lesson)
    pre, post = _quizzes(course)
    if pre and post and not QuizAttempt.objects.filter(enrollment=enrollment).exists():
        first_question = str(pre.questions[0].id)
        services.quiz_attempt_submit(enrollment=enrollment, quiz=pre, answers={first_question: [1]})
        answers = {
            str(block.id): [i for i, c in enumerate(block.value["choices"]) if c["is_correct"]]
            for block in post.questions
        }
        services.quiz_attempt_submit(enrollment=enrollment, quiz=post, answers=answers)
    services.enrollment_create(learner=citizen, course=courses[-1], by=citizen)

    log(
        f"Learning: {TrainingSession.objects.count()} sessions in "
        f"{TrainingSession.objects.values('region').distinct().count()} regions, "
        f"{Enrollment.objects.count()} enrollments, {LessonProgress.objects.count()} lessons "
        f"done, {QuizAttempt.objects.count()} quiz attempts."
    )
