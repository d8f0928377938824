"""Quiz attempts, scored on the server only."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import signals
from ..models import Enrollment, QuizAttempt, QuizPage
from .enrollment import in_course


def _normalise(answers: dict) -> dict[str, list[int]]:
    """Keep only well-formed answers: question id → sorted distinct choice indexes."""
    clean: dict[str, list[int]] = {}
    for question_id, chosen in (answers or {}).items():
        if isinstance(chosen, (int, str)):
            chosen = [chosen]
        indexes = set()
        for value in chosen or []:
            try:
                indexes.add(int(value))
            except (TypeError, ValueError):
                continue
        clean[str(question_id)] = sorted(indexes)
    return clean


def quiz_score(*, quiz: QuizPage, answers: dict) -> tuple[dict[str, bool], Decimal]:
    """Each question is right when exactly its correct answers are chosen; the score is the
    share of right questions, in percent with two decimals."""
    answers = _normalise(answers)
    results: dict[str, bool] = {}
    for block in quiz.questions:
        correct = {i for i, choice in enumerate(block.value["choices"]) if choice["is_correct"]}
        chosen = set(answers.get(str(block.id), []))
        if block.value["kind"] == "single" and len(chosen) > 1:
            results[str(block.id)] = False
        else:
            results[str(block.id)] = chosen == correct
    if not results:
        return results, Decimal("0.00")
    score = Decimal(100 * sum(results.values())) / Decimal(len(results))
    return results, score.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def quiz_attempt_submit(
    *, enrollment: Enrollment, quiz: QuizPage, answers: dict, started_at=None
) -> QuizAttempt:
    """Score and keep one attempt. The enrollment row is locked so two submissions at once
    cannot both slip under the attempt limit."""
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("course")
        .get(pk=enrollment.pk)
    )
    if enrollment.status == Enrollment.Status.WITHDRAWN:
        raise ValidationError(_("Enroll in the course again to take this quiz."), code="withdrawn")
    if not quiz.live or not in_course(page=quiz, course=enrollment.course):
        raise ValidationError(_("This quiz is not part of your course."), code="wrong_course")
    if quiz.attempt_limit:
        used = QuizAttempt.objects.filter(
            enrollment=enrollment, quiz__translation_key=quiz.translation_key
        ).count()
        if used >= quiz.attempt_limit:
            raise ValidationError(
                ngettext(
                    "You have used your only attempt at this quiz.",
                    "You have used all %(limit)d attempts at this quiz.",
                    quiz.attempt_limit,
                )
                % {"limit": quiz.attempt_limit},
                code="attempt_limit",
            )
    answers = _normalise(answers)
    results, score = quiz_score(quiz=quiz, answers=answers)
    attempt = QuizAttempt.objects.create(
        enrollment=enrollment,
        quiz=quiz,
        answers=answers,
        results=results,
        score=score,
        passed=score >= quiz.pass_mark,
        started_at=started_at,
        submitted_at=timezone.now(),
    )
    signals.progress_changed.send(sender=Enrollment, enrollment=enrollment)
    return attempt
