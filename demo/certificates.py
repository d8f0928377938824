"""Demo certificates: completion rules on the courses the demo learners follow, certificates
issued through the real service (the task function is called in-process) to those who meet
them, and one revoked with a reason. A few of association A's regulars (the people its
sessions drew, ``context["regulars"]``) also finished its digital communication course
online. Running it again changes nothing. Runs after ``demo.courses.attendance``."""

from __future__ import annotations

from accounts.models import User
from certificates.models import Certificate
from certificates.services import certificate_revoke, completion_rule_set
from certificates.tasks import issue_certificate
from courses.models import CoursePage, Enrollment, QuizAttempt, QuizPage
from courses.services import enrollment_create, lesson_complete

GRADUATES = 5
REVOKE_REASON = "أُصدرت عن طريق الخطأ: المستفيد لم يحضر الحصة الحضورية. · Délivrée par erreur."


def _user(context, email):
    return context.get("users", {}).get(email) or User.objects.filter(email=email).first()


def _learner_rule(enrollment):
    """The learner passed the post-test: the rule asks for it."""
    passed = (
        QuizAttempt.objects.filter(enrollment=enrollment, passed=True, quiz__kind="post")
        .select_related("quiz")
        .first()
    )
    if passed is None:
        return None
    quiz = (
        QuizPage.objects.child_of(enrollment.course)
        .filter(translation_key=passed.quiz.translation_key)
        .first()
        or passed.quiz
    )
    return completion_rule_set(course=enrollment.course, quiz=quiz, require_all_lessons=False)


def _finish(enrollment) -> None:
    done = set(enrollment.lesson_progress.values_list("lesson_id", flat=True))
    for lesson in enrollment.course.lessons():
        if lesson.pk not in done:
            lesson_complete(enrollment=enrollment, lesson=lesson)


def _graduates(context) -> list[Enrollment]:
    """Association A's regulars who finished its communication course: all lessons done,
    then the rule (so the lesson hooks schedule nothing), then issued here."""
    association = context.get("organisations", {}).get("trainer_a")
    regulars = context.get("regulars", {}).get(getattr(association, "pk", None), [])
    course = (
        CoursePage.objects.live()
        .filter(association=association, theme=CoursePage.Theme.COMMUNICATION)
        .filter(locale__language_code="ar")
        .first()
        if regulars
        else None
    )
    if course is None:
        return []
    enrollments = []
    for person in regulars[:GRADUATES]:
        enrollment = enrollment_create(learner=person, course=course, by=person)
        _finish(enrollment)
        enrollments.append(enrollment)
    completion_rule_set(course=course, require_all_lessons=True)
    return enrollments


def seed(*, rng, context, log):
    for enrollment in _graduates(context):
        issue_certificate(enrollment.pk)
    learner = _user(context, "learner@tamkeen.test")
    citizen = _user(context, "citizen@tamkeen.test")
    issued = []
    if learner is not None:
        for enrollment in Enrollment.objects.filter(learner=learner).select_related("course"):
            if _learner_rule(enrollment) and issue_certificate(enrollment.pk):
                issued.append(enrollment)
    if citizen is not None:
        # The citizen finishes every lesson of the self-paced course they took.
        for enrollment in Enrollment.objects.filter(learner=citizen).select_related("course"):
            lessons = list(enrollment.course.lessons())
            if not lessons:
                continue
            # Lessons first, then the rule: the hooks find no rule and schedule nothing, and the
            # task runs here, in-process (the seed needs no worker).
            _finish(enrollment)
            completion_rule_set(course=enrollment.course, require_all_lessons=True)
            if issue_certificate(enrollment.pk):
                issued.append(enrollment)
    revoked = Certificate.objects.filter(learner=citizen, status=Certificate.Status.VALID).first()
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    if (
        revoked is not None
        and admin is not None
        and not Certificate.objects.filter(status=Certificate.Status.REVOKED).exists()
    ):
        certificate_revoke(certificate=revoked, by=admin, reason=REVOKE_REASON)
    log(
        f"Certificates: {Certificate.objects.count()} issued, "
        f"{Certificate.objects.filter(status=Certificate.Status.REVOKED).count()} revoked."
    )
