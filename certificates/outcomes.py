"""The course page's "What earns the certificate": the completion rule in words, the learner's
progress against each condition, and the next step once the lessons are done.

Registered with courses' outcome registry (``courses/outcomes.py``) in ``ready()``: courses
stands below certificates and never asks for a rule itself.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses import selectors as course_selectors
from courses.models import Enrollment
from courses.outcomes import NextStep, Outcome, Requirement

from .completion import _percent, completion_evaluate
from .models import Certificate, CompletionRule

RTL = {"ar"}


def _in_its_language(page):
    """A page's title, marked with its own language when it is not the reader's (a quiz that
    has no translation yet), so that screen readers switch voice."""
    language = page.locale.language_code
    if language == (translation.get_language() or settings.LANGUAGE_CODE):
        return page.title
    direction = "rtl" if language in RTL else "ltr"
    return format_html('<span lang="{}" dir="{}">{}</span>', language, direction, page.title)


def rule_requirements(*, rule: CompletionRule, course) -> list[Requirement]:
    """The rule's conditions in words, in the order a learner meets them: lessons, quiz,
    sessions. ``course`` is the page in the reader's language."""
    requirements = []
    if rule.require_all_lessons:
        total = rule.course.lessons().count()
        requirements.append(
            Requirement(
                "lessons",
                ngettext(
                    "Finish the course's only lesson.",
                    "Finish all %(count)s lessons.",
                    total,
                )
                % {"count": total},
            )
        )
    if rule.quiz_id:
        quiz = course_selectors.page_in_locale(rule.quiz, course.locale_id)
        needed = rule.quiz_min_score if rule.quiz_min_score is not None else rule.quiz.pass_mark
        requirements.append(
            Requirement(
                "quiz",
                format_html(
                    _("Pass the quiz “{quiz}” with at least {score}%."),
                    quiz=_in_its_language(quiz),
                    score=_percent(needed),
                ),
            )
        )
    if rule.min_attendance_share:
        requirements.append(
            Requirement(
                "attendance",
                _("Attend at least %(percent)s%% of the course's sessions held after you enroll.")
                % {"percent": _percent(rule.min_attendance_share * 100)},
            )
        )
    return requirements


def _valid_for(rule: CompletionRule) -> str:
    if not rule.valid_for_months:
        return ""
    return ngettext(
        "The certificate is valid for %(count)s month after it is issued.",
        "The certificate is valid for %(count)s months after it is issued.",
        rule.valid_for_months,
    ) % {"count": rule.valid_for_months}


def course_certificate_outcome(*, course, user, enrollment=None) -> Outcome | None:
    """The certificate ``course`` earns: None when the course has no rule (or an empty one)."""
    canonical = course_selectors.canonical_page(course)
    rule = CompletionRule.objects.select_related("quiz", "course").filter(course=canonical).first()
    if rule is None:
        return None
    requirements = rule_requirements(rule=rule, course=course)
    if not requirements:
        return None
    title = _("What earns the certificate")
    enrolled = enrollment is not None and enrollment.status != Enrollment.Status.WITHDRAWN
    if not enrolled:
        return Outcome(title=title, requirements=requirements, note=_valid_for(rule))
    _met, conditions = completion_evaluate(enrollment=enrollment)
    by_code = {condition.code: condition for condition in conditions}
    requirements = [
        Requirement(
            r.code,
            r.text,
            met=by_code[r.code].met if r.code in by_code else None,
            progress=str(by_code[r.code].message) if r.code in by_code else "",
        )
        for r in requirements
    ]
    certificate = (
        Certificate.objects.filter(learner=user, course=canonical)
        .exclude(status=Certificate.Status.REVOKED)
        .order_by("-issued_at")
        .first()
    )
    return Outcome(
        title=title,
        requirements=requirements,
        note=_valid_for(rule),
        earned=certificate is not None,
        next_step=_next_step(
            rule=rule, course=course, requirements=requirements, earned=certificate is not None
        ),
    )


def _next_step(*, rule, course, requirements, earned) -> NextStep | None:
    """After the lessons: the quiz not yet passed, then the sessions, then the certificate."""
    unmet = {r.code for r in requirements if r.met is False}
    if "lessons" in unmet:
        return None  # the lesson pages lead on to the next lesson
    if "quiz" in unmet:
        quiz = course_selectors.page_in_locale(rule.quiz, course.locale_id)
        return NextStep(
            format_html(_("Next step: take the quiz “{quiz}”."), quiz=_in_its_language(quiz)),
            quiz.url,
        )
    if "attendance" in unmet:
        return NextStep(
            _("Next step: register for a session of this course."),
            reverse("courses:session_list") + f"?course={course.pk}",
        )
    if earned:
        return NextStep(
            _("You have earned the certificate: see My certificates."),
            reverse("certificates:mine"),
        )
    return None
