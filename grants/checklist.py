"""The review checklist, computed from the frozen evidence.

Each item a figure decides (a target at the programme's minimum share, the beneficiary rule,
the attendance rate, the reports present, each required document, the claims against the
counts, the sampling result) is met or not by the numbers the request froze at submission,
and shows them. Two items stay the officer's judgement: whether the narrative report is
consistent with the evidence, and the financial report with its receipts. The officer may
override an unmet figure item only with a written justification (``grants.services.review``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from .claims import claims_rows, request_claims
from .models import TARGETS, DocumentType, Programme, ReportSection

FIGURE = "figure"
JUDGEMENT = "judgement"
JUSTIFICATION_MAX = 1000


@dataclass
class Item:
    code: str
    label: str
    source: str  # FIGURE (computed) or JUDGEMENT (the officer's answer)
    met: bool | None = None  # None for a judgement item
    numbers: str = ""

    @property
    def is_figure(self) -> bool:
        return self.source == FIGURE


def _percent(value) -> str:
    """A share (0.2125) as a whole percentage ("21"), rounded half up."""
    return str((Decimal(str(value)) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _rules(request) -> dict:
    snapshot = request.evidence_snapshot or {}
    programme = request.tranche.agreement.programme
    rules = snapshot.get("rules") or {}
    return {
        "beneficiary_rule": rules.get("beneficiary_rule", programme.beneficiary_rule),
        "beneficiary_min_course_share": Decimal(
            str(rules.get("beneficiary_min_course_share", programme.beneficiary_min_course_share))
        ),
        "min_target_share": Decimal(str(rules.get("min_target_share", programme.min_target_share))),
        "required_documents": rules.get("required_documents", programme.required_documents),
    }


def _target_items(request, rules) -> list[Item]:
    progress = (request.evidence_snapshot or {}).get("progress") or {}
    minimum = rules["min_target_share"]
    items = []
    for key, label in TARGETS:
        row = progress.get(key) or {"target": 0, "achieved": 0}
        target, achieved = int(row.get("target") or 0), int(row.get("achieved") or 0)
        title = _("%(target)s: at least %(share)s%% of the target reached") % {
            "target": label,
            "share": _percent(minimum),
        }
        if target:
            numbers = _(
                "%(share)s%% of %(target)s (%(achieved)s reached; target share %(min)s%%)"
            ) % {
                "share": _percent(Decimal(achieved) / target),
                "target": target,
                "achieved": achieved,
                "min": _percent(minimum),
            }
        else:
            numbers = _("No target set (%(achieved)s reached)") % {"achieved": achieved}
        items.append(Item(f"target_{key}", title, FIGURE, achieved >= minimum * target, numbers))
    return items


def _beneficiary_item(request, rules) -> Item:
    programme = request.tranche.agreement.programme
    figures = (request.evidence_snapshot or {}).get("figures") or {}
    rule = rules["beneficiary_rule"]
    same = rule == programme.beneficiary_rule and (
        rule != Programme.BeneficiaryRule.COURSE_SHARE
        or rules["beneficiary_min_course_share"] == programme.beneficiary_min_course_share
    )
    described = dict(Programme.BeneficiaryRule.choices).get(rule, rule)
    if rule == Programme.BeneficiaryRule.COURSE_SHARE:
        described = _("%(rule)s (%(share)s%%)") % {
            "rule": described,
            "share": _percent(rules["beneficiary_min_course_share"]),
        }
    count = int(figures.get("beneficiaries") or 0)
    numbers = _("%(count)s beneficiaries counted by the rule: %(rule)s") % {
        "count": count,
        "rule": described,
    }
    if not same:
        numbers += " · " + _("the programme's rule has changed since the submission")
    return Item(
        "beneficiary_rule",
        _("Beneficiaries counted by the programme's rule"),
        FIGURE,
        same and count > 0,
        numbers,
    )


def _attendance_item(request) -> Item:
    programme = request.tranche.agreement.programme
    attendance = ((request.evidence_snapshot or {}).get("figures") or {}).get("attendance") or {}
    rate = attendance.get("rate")
    minimum = programme.min_attendance_rate
    if rate is None:
        met, numbers = False, _("No attendance expected or recorded")
    else:
        met = Decimal(str(rate)) >= minimum
        numbers = _("%(rate)s%% (%(attended)s of %(expected)s expected; at least %(min)s%%)") % {
            "rate": _percent(rate),
            "attended": attendance.get("attended", 0),
            "expected": attendance.get("expected", 0),
            "min": _percent(minimum),
        }
    return Item(
        "attendance_rate", _("Attendance rate at the programme's minimum"), FIGURE, met, numbers
    )


def _report_items(request) -> list[Item]:
    sections = {s.kind: s.text.strip() for s in request.sections.all()}
    written = sum(1 for kind in ReportSection.Kind.values if sections.get(kind))
    lines = list(request.expense_lines.all())
    with_receipt = sum(1 for line in lines if line.receipt)
    return [
        Item(
            "narrative_present",
            _("Narrative report: every section written"),
            FIGURE,
            written == len(ReportSection.Kind.values),
            _("%(written)s of %(total)s sections written")
            % {"written": written, "total": len(ReportSection.Kind.values)},
        ),
        Item(
            "financial_present",
            _("Financial report: expenses, each with its receipt"),
            FIGURE,
            bool(lines) and with_receipt == len(lines),
            _("%(receipts)s of %(lines)s expenses with a receipt")
            % {"receipts": with_receipt, "lines": len(lines)},
        ),
    ]


def _document_items(request, rules) -> list[Item]:
    labels = dict(DocumentType.choices)
    uploaded: dict[str, int] = {}
    for document in request.documents.all():
        uploaded[document.document_type] = uploaded.get(document.document_type, 0) + 1
    return [
        Item(
            f"document_{code}",
            _("Document received: %(type)s") % {"type": labels.get(code, code)},
            FIGURE,
            uploaded.get(code, 0) > 0,
            _("%(count)s file(s)") % {"count": uploaded.get(code, 0)},
        )
        for code in rules["required_documents"]
    ]


def _claims_item(request) -> Item:
    programme = request.tranche.agreement.programme
    rows = claims_rows(
        claims=request_claims(request),
        snapshot=request.evidence_snapshot or {},
        tolerance=programme.claims_tolerance,
    )
    missing = [row for row in rows if not row.stated]
    flagged = [row for row in rows if row.flagged]
    if missing:
        numbers = _("Not stated: %(figures)s") % {"figures": ", ".join(r.label for r in missing)}
    elif flagged:
        numbers = _("Gap above %(tolerance)s%%: %(figures)s") % {
            "tolerance": _percent(programme.claims_tolerance),
            "figures": ", ".join(f"{r.label} ({r.claimed} / {r.counted})" for r in flagged),
        }
    else:
        numbers = _("Every claim within %(tolerance)s%% of the count") % {
            "tolerance": _percent(programme.claims_tolerance)
        }
    return Item(
        "claims",
        _("Figures claimed in the narrative report match the counts"),
        FIGURE,
        not missing and not flagged,
        numbers,
    )


def _sampling_item(request) -> Item:
    from .sampling import sample_outcome

    programme = request.tranche.agreement.programme
    outcome = sample_outcome(request)
    minimum = programme.min_sample_confirmation
    if outcome is None:
        met, numbers = False, _("No sample drawn")
    else:
        rate = outcome["rate"]
        met = bool(outcome["complete"] and rate is not None and rate >= minimum)
        numbers = _(
            "%(confirmed)s confirmed, %(denied)s denied, %(unreachable)s unreachable, "
            "%(refused)s refused; %(contacted)s of %(size)s contacted; confirmation rate "
            "%(rate)s (at least %(min)s%%)"
        ) % {
            "confirmed": outcome["confirmed"],
            "denied": outcome["denied"],
            "unreachable": outcome["unreachable"],
            "refused": outcome["refused"],
            "contacted": outcome["contacted"],
            "size": outcome["size"],
            "rate": f"{_percent(rate)}%" if rate is not None else "—",
            "min": _percent(minimum),
        }
    return Item(
        "sampling",
        _("Sampled beneficiaries confirm their attendance"),
        FIGURE,
        met,
        numbers,
    )


def judgement_items() -> list[Item]:
    return [
        Item(
            "narrative_report",
            _("Narrative report consistent with the evidence"),
            JUDGEMENT,
        ),
        Item("financial_report", _("Financial report consistent with receipts"), JUDGEMENT),
    ]


def checklist_items(request) -> list[Item]:
    """Every checklist item of ``request``: the figure items computed from its frozen
    snapshot, its reports and documents as submitted, and its sample; then the judgement
    items, to answer."""
    rules = _rules(request)
    return [
        *_target_items(request, rules),
        _beneficiary_item(request, rules),
        _attendance_item(request),
        *_report_items(request),
        *_document_items(request, rules),
        _claims_item(request),
        _sampling_item(request),
        *judgement_items(),
    ]


def figure_codes(programme) -> list[str]:
    """The codes of the figure items a request under ``programme`` has (for callers that
    prepare overrides without the request at hand, e.g. tests and the demo)."""
    return [
        *(f"target_{key}" for key, _label in TARGETS),
        "beneficiary_rule",
        "attendance_rate",
        "narrative_present",
        "financial_present",
        *(f"document_{code}" for code in programme.required_documents),
        "claims",
        "sampling",
    ]


def judgement_codes() -> list[str]:
    return [item.code for item in judgement_items()]
