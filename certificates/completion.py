"""Whether an enrollment meets its course's completion rule, and why not."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from courses.attendance.selectors import learner_course_rate
from courses.models import Enrollment, LessonProgress, QuizAttempt

from .models import CompletionRule


@dataclass(frozen=True)
class Condition:
    """One condition of the rule: its code (stable, for code and tests), whether it is met,
    and a sentence for the learner."""

    code: str
    met: bool
    message: str


def completion_evaluate(*, enrollment: Enrollment) -> tuple[bool, list[Condition]]:
    """(met, conditions). A course without a rule, or a withdrawn enrollment, never earns a
    certificate."""
    rule = CompletionRule.objects.select_related("quiz").filter(course_id=enrollment.course_id)
    rule = rule.first()
    if rule is None:
        return False, [Condition("no_rule", False, _("This course has no completion rule."))]
    if enrollment.status == Enrollment.Status.WITHDRAWN:
        return False, [Condition("withdrawn", False, _("The enrollment was withdrawn."))]
    conditions = []
    if rule.min_attendance_share:
        conditions.append(_attendance(rule, enrollment))
    if rule.require_all_lessons:
        conditions.append(_lessons(enrollment))
    if rule.quiz_id:
        conditions.append(_quiz(rule, enrollment))
    if not conditions:
        return False, [Condition("no_rule", False, _("This course has no completion rule."))]
    return all(c.met for c in conditions), conditions


def _attendance(rule: CompletionRule, enrollment: Enrollment) -> Condition:
    rate = learner_course_rate(learner=enrollment.learner, course=enrollment.course)
    share = rate.rate if rate is not None else None
    met = share is not None and Decimal(str(share)) >= rule.min_attendance_share
    if share is None:
        message = str(_("No session of this course has counted for you yet."))
    else:
        message = _("You attended %(done)s%% of the sessions that count for you.") % {
            "done": int(round(share * 100)),
        }
    return Condition("attendance", met, message)


def _lessons(enrollment: Enrollment) -> Condition:
    lesson_ids = set(enrollment.course.lessons().values_list("pk", flat=True))
    done = set(
        LessonProgress.objects.filter(enrollment=enrollment, lesson_id__in=lesson_ids).values_list(
            "lesson_id", flat=True
        )
    )
    met = bool(lesson_ids) and done >= lesson_ids
    # Plural by the total: "2 of 4 lessons done" (Arabic has six forms; ngettext picks).
    message = ngettext(
        "%(done)s of %(total)s lesson done.", "%(done)s of %(total)s lessons done.", len(lesson_ids)
    ) % {"done": len(done & lesson_ids), "total": len(lesson_ids)}
    return Condition("lessons", met, message)


def _quiz(rule: CompletionRule, enrollment: Enrollment) -> Condition:
    quiz = rule.quiz
    needed = rule.quiz_min_score if rule.quiz_min_score is not None else Decimal(quiz.pass_mark)
    best = QuizAttempt.objects.filter(
        enrollment=enrollment, quiz__translation_key=quiz.translation_key
    ).aggregate(best=Max("score"))["best"]
    met = best is not None and best >= needed
    if best is None:
        message = str(_("Not taken yet."))
    else:
        message = _("Your best score: %(best)s%%.") % {"best": _percent(best)}
    return Condition("quiz", met, message)


def _percent(value) -> str:
    """A score as the learner reads it, in their language's format: 70, 72,5."""
    return floatformat(value, "-2")
