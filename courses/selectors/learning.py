"""Read queries about learning: pages in the reader's language, enrollments, progress and
quizzes."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count, Max, Q, QuerySet
from wagtail.models import Page

from ..models import (
    CoursePage,
    Enrollment,
    LessonPage,
    LessonProgress,
    QuizAttempt,
    QuizPage,
)


@dataclass
class CourseProgress:
    enrollment: Enrollment
    lessons_total: int
    lessons_done: int
    resume: LessonPage | None
    course_page: Page | None = None  # the course in the reader's language, for links

    @property
    def all_lessons_done(self) -> bool:
        """Every live lesson done: only then may a page say "completed" beside the count (an
        enrollment's status is "completed" once its rule is met, which may not ask for them)."""
        return bool(self.lessons_total) and self.lessons_done >= self.lessons_total

    @property
    def percent(self) -> int:
        if not self.lessons_total:
            return 0
        return round(100 * self.lessons_done / self.lessons_total)


def canonical_page(page):
    """The page's translation in the default language, where learning records point: a
    learner reading the French version of a course follows the same course."""
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return page
    return (
        type(page)
        .objects.filter(
            translation_key=page.translation_key, locale__language_code=settings.LANGUAGE_CODE
        )
        .first()
        or page
    )


def page_in_locale(page, locale_id: int):
    """``page``'s live translation in the reader's language, if there is one."""
    if page is None or page.locale_id == locale_id:
        return page
    return (
        type(page)
        .objects.live()
        .filter(translation_key=page.translation_key, locale_id=locale_id)
        .first()
        or page
    )


def enrollment_for(*, user, course) -> Enrollment | None:
    if not user.is_authenticated:
        return None
    return Enrollment.objects.filter(
        learner=user, course__translation_key=course.translation_key
    ).first()


def _lessons_by_course(courses) -> dict[int, list[LessonPage]]:
    """Live lessons of several courses in one query, in page order."""
    courses = list(courses)
    if not courses:
        return {}
    by_path = {course.path: course.pk for course in courses}
    condition = Q()
    for course in courses:
        condition |= Q(path__startswith=course.path, depth=course.depth + 1)
    lessons: dict[int, list[LessonPage]] = {course.pk: [] for course in courses}
    for lesson in (
        LessonPage.objects.live()
        .filter(condition)
        .only("id", "title", "path", "depth", "url_path", "slug", "locale_id", "translation_key")
        .order_by("path")
    ):
        lessons[by_path[lesson.path[: -Page.steplen]]].append(lesson)
    return lessons


def learner_progress(*, enrollments) -> list[CourseProgress]:
    """Progress of each enrollment: lessons done out of the live lessons, and where to resume
    (the first lesson not yet done, in course order)."""
    enrollments = list(enrollments)
    lessons = _lessons_by_course(enrollment.course for enrollment in enrollments)
    done: dict[int, set[int]] = {}
    for enrollment_id, lesson_id in LessonProgress.objects.filter(
        enrollment__in=enrollments
    ).values_list("enrollment_id", "lesson_id"):
        done.setdefault(enrollment_id, set()).add(lesson_id)
    result = []
    for enrollment in enrollments:
        course_lessons = lessons.get(enrollment.course_id, [])
        finished = done.get(enrollment.pk, set())
        result.append(
            CourseProgress(
                enrollment=enrollment,
                lessons_total=len(course_lessons),
                lessons_done=sum(1 for lesson in course_lessons if lesson.pk in finished),
                resume=next((ls for ls in course_lessons if ls.pk not in finished), None),
            )
        )
    return result


def progress_in_locale(*, progress: list[CourseProgress], locale_id: int) -> list[CourseProgress]:
    """Point each course and resume link at its live translation in the reader's language
    (records point at the default-language pages), in one query."""
    pages = [p.enrollment.course for p in progress] + [p.resume for p in progress if p.resume]
    keys = {page.translation_key for page in pages if page.locale_id != locale_id}
    translated = (
        {
            page.translation_key: page
            for page in Page.objects.live().filter(translation_key__in=keys, locale_id=locale_id)
        }
        if keys
        else {}
    )
    for item in progress:
        item.course_page = translated.get(
            item.enrollment.course.translation_key, item.enrollment.course
        )
        if item.resume is not None:
            item.resume = translated.get(item.resume.translation_key, item.resume)
    return progress


def enrollment_progress(*, enrollment: Enrollment) -> CourseProgress:
    return learner_progress(enrollments=[enrollment])[0]


def my_enrollments(*, user) -> QuerySet[Enrollment]:
    return (
        Enrollment.objects.filter(learner=user)
        .exclude(status=Enrollment.Status.WITHDRAWN)
        .select_related("course")
        .order_by("-created_at")
    )


def lesson_state(*, user, lesson, course=None) -> dict:
    """What the lesson page's actions need: the enrollment, whether the lesson is done."""
    course = course or lesson.get_parent()
    enrollment = enrollment_for(user=user, course=course)
    done = bool(
        enrollment
        and LessonProgress.objects.filter(
            enrollment=enrollment, lesson__translation_key=lesson.translation_key
        ).exists()
    )
    return {"enrollment": enrollment, "done": done, "course": course}


def done_lesson_keys(*, enrollment: Enrollment | None) -> set:
    """The translation keys of the lessons ``enrollment`` has done: the course and lesson pages
    tick them in the reader's language (records point at the default-language pages)."""
    if enrollment is None or enrollment.status == Enrollment.Status.WITHDRAWN:
        return set()
    return set(
        LessonProgress.objects.filter(enrollment=enrollment).values_list(
            "lesson__translation_key", flat=True
        )
    )


def lesson_next_step(*, course, enrollment: Enrollment | None, user):
    """Where a learner goes once every lesson is done: what the course's outcomes (its
    certificate) ask next, else the first quiz of the course not yet taken; None if nothing."""
    from ..outcomes import NextStep, course_outcomes

    for outcome in course_outcomes(course=course, user=user, enrollment=enrollment):
        if outcome.next_step is not None:
            return outcome.next_step
    for quiz in course_quizzes(course=course, enrollment=enrollment):
        if quiz.best_score is None:
            return NextStep(quiz.title, quiz.url)
    return None


def course_quizzes(*, course, enrollment: Enrollment | None = None) -> list[QuizPage]:
    """The course's live quizzes in page order, each with ``best_score`` for the enrollment."""
    quizzes = list(QuizPage.objects.child_of(course).live().order_by("path"))
    best = {}
    if enrollment is not None and quizzes:
        best = dict(
            QuizAttempt.objects.filter(enrollment=enrollment)
            .values("quiz__translation_key")
            .annotate(best=Max("score"))
            .values_list("quiz__translation_key", "best")
        )
    for quiz in quizzes:
        quiz.best_score = best.get(quiz.translation_key)
    return quizzes


def quiz_public_questions(*, quiz: QuizPage) -> list[dict]:
    """The questions without their answers: all a browser may see before submitting."""
    return [
        {
            "id": str(block.id),
            "number": number,
            "text": block.value["text"],
            "multiple": block.value["kind"] == "multiple",
            "choices": [
                {"index": index, "text": choice["text"]}
                for index, choice in enumerate(block.value["choices"])
            ],
        }
        for number, block in enumerate(quiz.questions, start=1)
    ]


def quiz_page_context(*, quiz: QuizPage, user) -> dict:
    course = quiz.get_parent()
    enrollment = enrollment_for(user=user, course=course)
    attempts = (
        list(
            QuizAttempt.objects.filter(
                enrollment=enrollment, quiz__translation_key=quiz.translation_key
            ).order_by("-submitted_at")
        )
        if enrollment
        else []
    )
    remaining = None
    if quiz.attempt_limit:
        remaining = max(quiz.attempt_limit - len(attempts), 0)
    return {
        "course": course,
        "enrollment": enrollment,
        "attempts": attempts,
        "attempts_remaining": remaining,
        "public_questions": quiz_public_questions(quiz=quiz),
    }


def quiz_attempt_review(*, attempt: QuizAttempt) -> list[dict]:
    """After submission: each question with what was chosen, what was right, the explanation."""
    review = []
    for number, block in enumerate(attempt.quiz.questions, start=1):
        chosen = set(attempt.answers.get(str(block.id), []))
        review.append(
            {
                "number": number,
                "text": block.value["text"],
                "right": attempt.results.get(str(block.id), False),
                "explanation": block.value["explanation"],
                "choices": [
                    {
                        "text": choice["text"],
                        "chosen": index in chosen,
                        "correct": choice["is_correct"],
                    }
                    for index, choice in enumerate(block.value["choices"])
                ],
            }
        )
    return review


def learning_gain(*, course: CoursePage) -> dict:
    """Mean post-test score minus mean pre-test score over the course's attempts."""
    figures = QuizAttempt.objects.filter(enrollment__course=course).aggregate(
        pre=Avg("score", filter=Q(quiz__kind=QuizPage.Kind.PRE_TEST)),
        post=Avg("score", filter=Q(quiz__kind=QuizPage.Kind.POST_TEST)),
        pre_count=Count("pk", filter=Q(quiz__kind=QuizPage.Kind.PRE_TEST)),
        post_count=Count("pk", filter=Q(quiz__kind=QuizPage.Kind.POST_TEST)),
    )
    pre, post = figures["pre"], figures["post"]
    figures["gain"] = None if pre is None or post is None else post - pre
    return figures


def enrollable_courses() -> QuerySet[CoursePage]:
    return CoursePage.objects.live().order_by("title")
