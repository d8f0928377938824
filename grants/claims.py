"""The narrative report's headline figures, claimed as numbers, against the frozen counts.

The association states how many sessions it held, how many beneficiaries, women and
certificates, and how many sessions of each activity kind; the review shows each claim beside
what the evidence counted and flags a gap above the programme's tolerance:
|claimed − counted| ÷ counted > tolerance. When nothing was counted, any positive claim is
flagged (there is nothing to be within a share of).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from courses.models import TrainingSession

# A claim above this is a typing mistake, not a figure (the largest programmes count in the
# tens of thousands).
MAX_CLAIM = 1_000_000

KIND_PREFIX = "sessions_"
HEADLINE = [
    ("sessions", _("Sessions held")),
    ("beneficiaries", _("Beneficiaries")),
    ("women", _("Women among the beneficiaries")),
    ("certificates", _("Certificates issued")),
]
CODES = [code for code, _label in HEADLINE] + [
    f"{KIND_PREFIX}{kind}" for kind in TrainingSession.Kind.values
]


def claim_labels() -> list[tuple[str, str]]:
    """(code, label) of every claimed figure, in the active language."""
    kinds = [
        (f"{KIND_PREFIX}{kind}", _("Sessions held: %(kind)s") % {"kind": label})
        for kind, label in TrainingSession.Kind.choices
    ]
    return [(code, str(label)) for code, label in HEADLINE + kinds]


def clean_claims(data) -> dict[str, int]:
    """``{code: integer}`` from what the association entered (blank values left out), or a
    ValidationError naming the figure."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValidationError(_("Invalid claimed figures."), code="claims_invalid")
    labels = dict(claim_labels())
    unknown = set(data) - set(CODES)
    if unknown:
        raise ValidationError(
            _("Unknown claimed figures: %(codes)s") % {"codes": ", ".join(sorted(unknown))},
            code="claims_unknown",
        )
    cleaned = {}
    for code in CODES:
        value = data.get(code)
        if value is None or value == "":
            continue
        number = _integer(value)
        if number is None:
            raise ValidationError(
                _("%(figure)s: enter a whole number.") % {"figure": labels[code]},
                code="claims_not_integer",
            )
        if not 0 <= number <= MAX_CLAIM:
            raise ValidationError(
                _("%(figure)s: enter a number between 0 and %(max)s.")
                % {"figure": labels[code], "max": MAX_CLAIM},
                code="claims_out_of_range",
            )
        cleaned[code] = number
    return cleaned


def _integer(value) -> int | None:
    if isinstance(value, bool | float):
        return None
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def counted_figures(snapshot: dict) -> dict[str, int]:
    """What the frozen evidence counted, for each claim."""
    snapshot = snapshot or {}
    figures = snapshot.get("figures") or {}
    by_kind = snapshot.get("sessions_by_kind") or {}
    counted = {
        "sessions": figures.get("sessions") or 0,
        "beneficiaries": figures.get("beneficiaries") or 0,
        "women": (figures.get("by_gender") or {}).get("female") or 0,
        "certificates": figures.get("certificates") or 0,
    }
    for kind in TrainingSession.Kind.values:
        counted[f"{KIND_PREFIX}{kind}"] = by_kind.get(kind) or 0
    return {code: int(value) for code, value in counted.items()}


@dataclass
class ClaimRow:
    code: str
    label: str
    claimed: int | None
    counted: int
    gap: Decimal | None  # (claimed − counted) ÷ counted, in %; None when counted is 0
    flagged: bool

    @property
    def stated(self) -> bool:
        return self.claimed is not None


def claims_rows(*, claims: dict, snapshot: dict, tolerance) -> list[ClaimRow]:
    """Each claim beside its count, with the gap in % and the flag."""
    counted = counted_figures(snapshot)
    tolerance = Decimal(str(tolerance))
    rows = []
    for code, label in claim_labels():
        claimed = (claims or {}).get(code)
        count = counted[code]
        gap = None
        flagged = False
        if claimed is not None:
            if count:
                ratio = Decimal(claimed - count) / count
                gap = (ratio * 100).quantize(Decimal("0.1"))
                flagged = abs(ratio) > tolerance
            else:
                flagged = claimed > 0
        rows.append(ClaimRow(code, label, claimed, count, gap, flagged))
    return rows


def request_claims(request) -> dict:
    """The claims the review compares: those frozen with the snapshot, else the request's."""
    snapshot = request.evidence_snapshot or {}
    if isinstance(snapshot.get("claims"), dict):
        return snapshot["claims"]
    return request.claims or {}
