"""What the course and lesson pages' action blocks need about the visitor's own learning.

The page templates include ``courses/includes/course_actions.html`` and ``lesson_actions.html``
with only ``page`` and ``request``: these tags ask the selectors for the rest.
"""

from django import template

from courses import outcomes, selectors

register = template.Library()


@register.simple_tag
def course_learning_state(course, user) -> dict:
    enrollment = selectors.enrollment_for(user=user, course=course)
    progress = None
    if enrollment is not None and enrollment.status != enrollment.Status.WITHDRAWN:
        progress = selectors.enrollment_progress(enrollment=enrollment)
        # Records point at the default-language pages: resume in the reader's language.
        progress.resume = selectors.page_in_locale(progress.resume, course.locale_id)
    return {
        "enrollment": enrollment,
        "progress": progress,
        "quizzes": selectors.course_quizzes(course=course, enrollment=enrollment),
        # What the course leads to (its certificate: courses/outcomes.py's registry).
        "outcomes": outcomes.course_outcomes(course=course, user=user, enrollment=enrollment),
        "done_keys": selectors.done_lesson_keys(enrollment=enrollment),
    }


@register.simple_tag
def lesson_learning_state(lesson, course, user, lessons=()) -> dict:
    """The lesson's state; with the course's ``lessons``, the ones done (ticked in the outline)
    and, once all of them are, the next step (a quiz, a session, the certificate)."""
    state = selectors.lesson_state(user=user, lesson=lesson, course=course)
    enrollment = state["enrollment"]
    state["done_keys"] = selectors.done_lesson_keys(enrollment=enrollment)
    all_done = bool(lessons) and all(ls.translation_key in state["done_keys"] for ls in lessons)
    state["all_done"] = all_done
    state["next_step"] = (
        selectors.lesson_next_step(course=course, enrollment=enrollment, user=user)
        if all_done and enrollment is not None
        else None
    )
    return state


@register.filter
def iso_datetime(value):
    """A date and time kept as ISO text (a notification's parameters) as a datetime, for the
    ``date`` filter in the reader's language; None when it is not one."""
    from django.utils.dateparse import parse_datetime

    try:
        return parse_datetime(value) if isinstance(value, str) else None
    except ValueError:
        return None


@register.simple_tag
def course_attendance_url(course, user) -> str:
    """The course's per-learner attendance summary, for those who may read it; else ""."""
    from django.urls import reverse

    from organisations import permissions

    if not getattr(user, "is_authenticated", False):
        return ""
    canonical = selectors.canonical_page(course)
    if not permissions.can_view_course_attendance(user, canonical):
        return ""
    return reverse("attendance:course_summary", args=[canonical.pk])
