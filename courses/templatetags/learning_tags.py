"""What the course and lesson pages' action blocks need about the visitor's own learning.

The page templates include ``courses/includes/course_actions.html`` and ``lesson_actions.html``
with only ``page`` and ``request``: these tags ask the selectors for the rest.
"""

from django import template

from courses import selectors

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
    }


@register.simple_tag
def lesson_learning_state(lesson, course, user) -> dict:
    return selectors.lesson_state(user=user, lesson=lesson, course=course)


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
