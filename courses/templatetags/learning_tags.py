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
