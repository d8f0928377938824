"""The shape of an answer to each kind of question, checked on every save (types and limits)
and for completeness at submission."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from grants.models import TARGETS, ExpenseLine

from .models import Question

TEXT_MAX = 500
LONG_TEXT_MAX = 10_000
TABLE_MAX_ROWS = 30
AMOUNT_MAX = Decimal("100000000")


def budget_categories(programme) -> list[tuple[str, str]]:
    """The programme's budget categories (code, label in the active language), or the eight
    expense categories when it defines none."""
    from .models.calls import in_language

    class _Row:
        def __init__(self, item):
            self.label_ar = item.get("label_ar", "")
            self.label_fr = item.get("label_fr", "")

    if programme.budget_categories:
        return [(c["code"], in_language(_Row(c), "label")) for c in programme.budget_categories]
    return [(code, str(label)) for code, label in ExpenseLine.Category.choices]


def target_keys() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in TARGETS]


def _decimal(value, *, label):
    try:
        number = Decimal(str(value).replace(",", ".").replace(" ", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError(
            _("%(question)s: enter a number.") % {"question": label}, code="answer_number"
        ) from None
    if not number.is_finite() or number < 0 or number > AMOUNT_MAX:
        raise ValidationError(
            _("%(question)s: enter a positive number.") % {"question": label},
            code="answer_number",
        )
    return number


def clean_answer(question: Question, value, *, programme):
    """The stored form of ``value`` for ``question`` (empty answers become None)."""
    label = question.label
    kind = question.kind
    if value in (None, "", [], {}):
        return None
    if kind in (Question.Kind.TEXT, Question.Kind.LONG_TEXT):
        text = str(value).strip()
        limit = TEXT_MAX if kind == Question.Kind.TEXT else LONG_TEXT_MAX
        if len(text) > limit:
            raise ValidationError(
                _("%(question)s: at most %(limit)s characters.")
                % {"question": label, "limit": limit},
                code="answer_too_long",
            )
        return text or None
    if kind == Question.Kind.NUMBER:
        return str(_decimal(value, label=label))
    if kind == Question.Kind.TARGETS:
        if not isinstance(value, dict):
            raise ValidationError(_("%(question)s: invalid.") % {"question": label}, code="answer")
        known = dict(target_keys())
        cleaned = {}
        for key, count in value.items():
            if key not in known:
                raise ValidationError(_("Unknown target."), code="target_unknown")
            if count in (None, ""):
                continue
            number = _decimal(count, label=f"{label} ({known[key]})")
            if number != int(number):
                raise ValidationError(
                    _("%(question)s: targets are whole numbers.") % {"question": label},
                    code="answer_number",
                )
            cleaned[key] = int(number)
        return cleaned or None
    if not isinstance(value, list) or len(value) > TABLE_MAX_ROWS:
        raise ValidationError(_("%(question)s: invalid.") % {"question": label}, code="answer")
    rows = []
    if kind == Question.Kind.ACTIVITIES:
        for row in value:
            title = str(row.get("title", "")).strip()[:TEXT_MAX]
            period = str(row.get("period", "")).strip()[:100]
            description = str(row.get("description", "")).strip()[:LONG_TEXT_MAX]
            if title or period or description:
                if not title:
                    raise ValidationError(
                        _("%(question)s: each activity has a title.") % {"question": label},
                        code="activity_title",
                    )
                rows.append({"title": title, "period": period, "description": description})
        return rows or None
    # Budget lines.
    codes = dict(budget_categories(programme))
    for row in value:
        category = str(row.get("category", "")).strip()
        line_label = str(row.get("label", "")).strip()[:200]
        amount = row.get("amount")
        if not (category or line_label or amount not in (None, "")):
            continue
        if category not in codes:
            raise ValidationError(
                _("%(question)s: choose a budget category for each line.") % {"question": label},
                code="budget_category",
            )
        if amount in (None, ""):
            raise ValidationError(
                _("%(question)s: each budget line has an amount.") % {"question": label},
                code="budget_amount",
            )
        number = _decimal(amount, label=label).quantize(Decimal("0.01"))
        if number <= 0:
            raise ValidationError(
                _("%(question)s: each budget line has an amount.") % {"question": label},
                code="budget_amount",
            )
        rows.append({"category": category, "label": line_label, "amount": str(number)})
    return rows or None


def budget_total(answers: dict, questions) -> Decimal:
    total = Decimal("0")
    for question in questions:
        if question.kind == Question.Kind.BUDGET:
            for row in answers.get(question.key) or []:
                total += Decimal(row["amount"])
    return total
