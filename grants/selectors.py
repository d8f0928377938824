"""Read queries of the grants flow: scoped agreement lists, evidence figures, readiness."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership

from .models import (
    TARGETS,
    Agreement,
    AuditLog,
    DocumentType,
    ReportSection,
    Tranche,
    TrancheRequest,
    canonical_json,
)

FUNDER_STAFF = [Membership.Role.OFFICER, Membership.Role.FINANCE, Membership.Role.AUDITOR]


def agreements_for_user(*, user) -> QuerySet[Agreement]:
    """An association sees its own agreements; funder staff see all of their programmes'."""
    agreements = Agreement.objects.select_related("programme", "association")
    if not user.is_authenticated:
        return agreements.none()
    if user.is_superuser:
        return agreements
    memberships = Membership.objects.filter(user=user)
    return agreements.filter(
        Q(association__in=memberships.values("organisation"))
        | Q(programme__funder__in=memberships.filter(role__in=FUNDER_STAFF).values("organisation"))
    )


def agreement_tranches(*, agreement) -> list[Tranche]:
    """The tranches with their requests (newest version first)."""
    return list(
        agreement.tranches.select_related("approved_by", "paid_by").prefetch_related(
            Prefetch("requests", queryset=TrancheRequest.objects.order_by("-version"))
        )
    )


def tranche_request_get(*, pk) -> TrancheRequest | None:
    return (
        TrancheRequest.objects.select_related(
            "tranche__agreement__programme__funder",
            "tranche__agreement__association",
            "submitted_by",
        )
        .prefetch_related("sections", "expense_lines", "documents", "reviews__reviewer")
        .filter(pk=pk)
        .first()
    )


def _delivery_figures(agreement) -> dict:
    """Hook for the figures delivered under ``agreement``: sessions held, unique beneficiaries
    (by the programme's rule), member associations reached, certificates, share of women,
    regions and provinces covered. The courses and certificates apps will provide selectors
    that fill it; until then nothing has been delivered."""
    return {
        "sessions": 0,
        "beneficiaries": 0,
        "member_associations": 0,
        "certificates": 0,
        "women_share": None,
        "regions": [],
        "provinces": [],
    }


def agreement_evidence(*, agreement) -> dict:
    """The evidence for ``agreement`` as plain JSON data: targets, delivered figures and the
    share of each target reached, by the programme's rules."""
    programme = agreement.programme
    figures = _delivery_figures(agreement)
    targets = agreement.targets()
    progress = {}
    for key, target in targets.items():
        achieved = int(figures.get(key) or 0)
        share = (Decimal(achieved) / target).quantize(Decimal("0.01")) if target else None
        progress[key] = {
            "target": target,
            "achieved": achieved,
            "share": share,
            "reached": achieved >= programme.min_target_share * target,
        }
    evidence = {
        "agreement": agreement.reference,
        "computed_at": timezone.now().isoformat(),
        "rules": {
            "beneficiary_rule": programme.beneficiary_rule,
            "beneficiary_min_course_share": programme.beneficiary_min_course_share,
            "min_target_share": programme.min_target_share,
            "required_documents": programme.required_documents,
        },
        "targets": {
            **targets,
            "women_share": agreement.target_women_share,
            "regions": sorted(agreement.target_regions.values_list("code", flat=True)),
            "provinces": sorted(agreement.target_provinces.values_list("code", flat=True)),
        },
        "figures": figures,
        "progress": progress,
    }
    # Decimals become strings once, here, so the stored snapshot hashes the same after a
    # round trip through the database.
    return json.loads(canonical_json(evidence))


@dataclass
class Condition:
    code: str
    label: str
    met: bool
    blocking: bool = True
    detail: str = ""


def expense_summary(*, lines, available: Decimal) -> dict:
    """Total spent, what was available (the previous tranche) and the share spent, in %."""
    total = sum((line.amount for line in lines), Decimal("0"))
    share = (total * 100 / available).quantize(Decimal("0.1")) if available else Decimal("0")
    return {"total": total, "available": available, "share_spent": share}


def tranche_request_figures(*, request: TrancheRequest) -> dict:
    """What the request pages show besides its content: the financial totals against the
    previous tranche and the frozen evidence as labelled rows."""
    previous = previous_tranche(tranche=request.tranche)
    snapshot = request.evidence_snapshot or {}
    progress = snapshot.get("progress", {})
    return {
        "expenses": expense_summary(
            lines=request.expense_lines.all(), available=previous.amount if previous else 0
        ),
        "evidence_rows": [(label, progress[key]) for key, label in TARGETS if key in progress],
    }


def previous_tranche(*, tranche: Tranche) -> Tranche | None:
    return Tranche.objects.filter(
        agreement_id=tranche.agreement_id, number=tranche.number - 1
    ).first()


def tranche_request_readiness(
    *, tranche: Tranche, request: TrancheRequest | None = None, evidence: dict | None = None
) -> list[Condition]:
    """Each condition for submitting ``request`` (None: not opened yet), met or missing.
    Blocking conditions refuse the submission; the targets inform the association and the
    officer."""
    agreement = tranche.agreement
    previous = previous_tranche(tranche=tranche)
    conditions = [
        Condition(
            "previous_tranche_paid",
            _("The previous tranche has been paid"),
            previous is None or previous.status == Tranche.Status.PAID,
        )
    ]
    sections = {s.kind: s.text.strip() for s in (request.sections.all() if request else [])}
    conditions.append(
        Condition(
            "narrative_complete",
            _("Narrative report: every section written"),
            all(sections.get(kind) for kind in ReportSection.Kind.values),
        )
    )
    lines = list(request.expense_lines.all()) if request else []
    summary = expense_summary(lines=lines, available=previous.amount if previous else 0)
    conditions += [
        Condition("expenses_present", _("Financial report: at least one expense"), bool(lines)),
        Condition(
            "expenses_valid",
            _("Financial report: every amount positive, every line with a receipt"),
            bool(lines) and all(line.amount > 0 and line.receipt for line in lines),
        ),
        Condition(
            "expenses_within_tranche",
            _("Financial report: total spent within the previous tranche"),
            summary["total"] <= summary["available"],
            detail=f"{summary['share_spent']}%",
        ),
    ]
    uploaded = {d.document_type for d in (request.documents.all() if request else [])}
    labels = dict(DocumentType.choices)
    conditions += [
        Condition(f"document_{code}", labels[code], code in uploaded)
        for code in agreement.programme.required_documents
    ]
    evidence = evidence or agreement_evidence(agreement=agreement)
    progress = evidence["progress"]
    conditions += [
        Condition(
            f"target_{key}",
            label,
            progress[key]["reached"],
            blocking=False,
            detail=f"{progress[key]['achieved']} / {progress[key]['target']}",
        )
        for key, label in TARGETS
    ]
    return conditions


def audit_entries_for(*, objects) -> QuerySet[AuditLog]:
    """Audit entries about any of ``objects`` (model instances), oldest first."""
    query = Q(pk__in=[])
    for obj in objects:
        query |= Q(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return AuditLog.objects.filter(query).select_related("actor")
