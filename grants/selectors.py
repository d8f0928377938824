"""Read queries of the grants flow: scoped agreement lists, evidence figures, readiness."""

from __future__ import annotations

import copy
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.attendance.selectors import sessions_figures
from organisations.models import Membership

from .claims import CODES as CLAIM_CODES
from .evidence import agreement_sessions, beneficiary_rows, delivery_figures_for
from .models import (
    TARGETS,
    Agreement,
    AuditLog,
    DocumentType,
    ReportSection,
    Tranche,
    TrancheRequest,
    canonical_json,
    snapshot_sha256,
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
    """The figures delivered under ``agreement`` (see ``grants.evidence``)."""
    return delivery_figures_for([agreement])[agreement.pk]


def _two_places(value) -> Decimal:
    # A value just assigned in Python ("0") and the same read back ("0.00") hash alike.
    return Decimal(value).quantize(Decimal("0.01"))


def agreement_evidence(*, agreement, figures: dict | None = None, period=None) -> dict:
    """The evidence for ``agreement`` as plain JSON data: targets, delivered figures and the
    share of each target reached, by the programme's rules. With ``period`` (tranche number,
    first day, last day), only what was delivered in that period counts."""
    programme = agreement.programme
    if period is not None and figures is None:
        within = copy.copy(agreement)
        within.starts_on, within.ends_on = period[1], period[2]
        figures = _delivery_figures(within)
    figures = _delivery_figures(agreement) if figures is None else figures
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
            "beneficiary_min_course_share": _two_places(programme.beneficiary_min_course_share),
            "min_target_share": _two_places(programme.min_target_share),
            "required_documents": programme.required_documents,
        },
        "targets": {
            **targets,
            "women_share": _two_places(agreement.target_women_share),
            "regions": sorted(r.code for r in agreement.target_regions.all()),
            "provinces": sorted(p.code for p in agreement.target_provinces.all()),
        },
        "figures": figures,
        "progress": progress,
        "readiness": {
            "reached": sum(p["reached"] for p in progress.values()),
            "targets": len(progress),
        },
    }
    if period is not None:
        evidence["period"] = {"tranche": period[0], "starts_on": period[1], "ends_on": period[2]}
    # Decimals become strings once, here, so the stored snapshot hashes the same after a
    # round trip through the database.
    return json.loads(canonical_json(evidence))


def agreements_evidence(*, agreements) -> dict[int, dict]:
    """Agreement id → evidence, for many agreements in a fixed number of queries (the caller
    prefetches ``programme``, ``target_regions`` and ``target_provinces``)."""
    agreements = list(agreements)
    figures = delivery_figures_for(agreements)
    return {a.pk: agreement_evidence(agreement=a, figures=figures[a.pk]) for a in agreements}


def evidence_fingerprint(evidence: dict) -> str:
    """SHA-256 of the evidence without its computation time: equal while nothing changed."""
    return snapshot_sha256({k: v for k, v in evidence.items() if k != "computed_at"})


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


def tranche_period(tranche: Tranche):
    """(number, first day, last day) of the period ``tranche`` reports on, or None when it is
    the whole agreement (a 50/50 plan's one verified tranche, or no period recorded)."""
    agreement = tranche.agreement
    start, end = tranche.period_starts_on, tranche.period_ends_on
    if not start or not end or (start, end) == (agreement.starts_on, agreement.ends_on):
        return None
    return (tranche.number, start, end)


def tranche_evidence(*, tranche: Tranche) -> dict:
    """The evidence a request for ``tranche`` reports and freezes: for its own period."""
    return agreement_evidence(agreement=tranche.agreement, period=tranche_period(tranche))


def _agreement_within(tranche: Tranche):
    """The tranche's agreement narrowed to the tranche's period (a copy, never saved)."""
    period = tranche_period(tranche)
    if period is None:
        return tranche.agreement
    within = copy.copy(tranche.agreement)
    within.starts_on, within.ends_on = period[1], period[2]
    return within


def tranche_snapshot(*, tranche: Tranche, claims: dict | None = None) -> dict:
    """What a request for ``tranche`` freezes and signs at submission: the evidence of its
    period, plus what makes it checkable later without trusting the database: each counted
    session's attendance chain head (``chains``), the people counted as beneficiaries
    (pseudonyms, with the sessions each attended: the sampling draws from them), the sessions
    of each activity kind, and the figures the narrative report claims. A bounded number of
    queries, whatever the number of sessions and records."""
    from courses.attendance.chains import chain_heads
    from courses.models import TrainingSession

    from .packs import pseudonym

    evidence = tranche_evidence(tranche=tranche)
    within = _agreement_within(tranche)
    sessions = list(agreement_sessions(agreement=within))
    attended: dict[str, set[int]] = defaultdict(set)
    for row in beneficiary_rows(agreement=within):
        attended[row["key"]].add(row["session_id"])
    kinds = Counter(session.kind for session in sessions)
    evidence["chains"] = chain_heads(session_ids=[session.pk for session in sessions])
    evidence["beneficiaries"] = sorted(
        (
            {"person": pseudonym(key), "sessions": sorted(session_ids)}
            for key, session_ids in attended.items()
        ),
        key=lambda person: person["person"],
    )
    evidence["sessions_by_kind"] = {kind: kinds[kind] for kind in TrainingSession.Kind.values}
    evidence["claims"] = dict(claims or {})
    return json.loads(canonical_json(evidence))


def current_tranche(tranches) -> Tranche | None:
    """The tranche that needs a request now: the first one released by verified achievement
    that is not paid yet (its predecessor paid, or the readiness says it is not). None when
    every such tranche is paid."""
    ordered = sorted(tranches, key=lambda t: t.number)
    return next(
        (t for t in ordered if not t.is_on_signature and t.status != Tranche.Status.PAID), None
    )


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
    claimed = request.claims if request else {}
    conditions.append(
        Condition(
            "claims_stated",
            _("Narrative report: every headline figure stated as a number"),
            all(code in (claimed or {}) for code in CLAIM_CODES),
            blocking=False,
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
    evidence = evidence or tranche_evidence(tranche=tranche)
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


# --- Drill-down: what is behind each figure ---------------------------------------------------


@dataclass
class SessionFlag:
    session: object
    flag: object


def agreement_flags(*, agreement) -> list[SessionFlag]:
    """Attendance anomaly flags on the agreement's held sessions (a few queries a session:
    the review page and the pack's summary only)."""
    from courses.attendance.flags import session_flags

    return [
        SessionFlag(session, flag)
        for session in agreement_sessions(agreement=agreement)
        for flag in session_flags(session=session)
    ]


def agreement_session_rows(*, agreement, region: str = "", province: str = "", theme: str = ""):
    """The held sessions behind the figures, with their attendance figures, optionally
    narrowed to one region, province or theme (a course theme or a session kind)."""
    sessions = agreement_sessions(agreement=agreement)
    if region:
        sessions = sessions.filter(region__code=region)
    if province:
        sessions = sessions.filter(province__code=province)
    if theme:
        sessions = sessions.filter(Q(course__theme=theme) | Q(course__isnull=True, kind=theme))
    sessions = list(sessions)
    figures = sessions_figures(sessions=sessions) if sessions else {}
    return [(session, figures[session.pk]) for session in sessions]


@dataclass
class BeneficiaryRow:
    key: str
    pseudonym: str
    name: str
    session: object
    record_id: int
    gender: str
    age_band: str


BENEFICIARY_FILTERS = ("gender", "age_band", "region", "province", "session")


def agreement_beneficiary_rows(*, agreement, with_names: bool, **filters) -> list[BeneficiaryRow]:
    """The attendance records behind the beneficiary figures, one per person and session,
    filtered like the breakdowns; names only when ``with_names``."""
    from courses.selectors import participants

    from .packs import pseudonym

    rows = beneficiary_rows(agreement=agreement)
    for name in BENEFICIARY_FILTERS:
        value = filters.get(name)
        if value:
            rows = [
                r
                for r in rows
                if str(r["session_id"] if name == "session" else r[name]) == str(value)
            ]
    names: dict[str, str] = {}
    if with_names:
        from accounts.models import User

        for user in User.objects.filter(pk__in={r["learner_id"] for r in rows if r["learner_id"]}):
            names[f"u{user.pk}"] = user.display_name
        walk_ins = {r["participant_id"] for r in rows if r["participant_id"]}
        for participant in participants(participant_ids=walk_ins):
            names[f"p{participant.pk}"] = participant.display_name
    return [
        BeneficiaryRow(
            key=r["key"],
            pseudonym=pseudonym(r["key"]),
            name=names.get(
                f"u{r['learner_id']}" if r["learner_id"] else f"p{r['participant_id']}", ""
            ),
            session=r["session"],
            record_id=r["pk"],
            gender=r["gender"],
            age_band=r["age_band"],
        )
        for r in sorted(rows, key=lambda r: (r["session"].starts_at, r["key"]))
    ]


# --- The sponsor a certificate names (certificates/sponsors.py, registered in ready()) --------


def agreement_covering(*, association, on) -> Agreement | None:
    """The association's agreement whose period covers ``on`` (the latest one to start)."""
    return (
        Agreement.objects.select_related("programme__funder")
        .filter(association=association, starts_on__lte=on, ends_on__gte=on)
        .order_by("-starts_on", "-pk")
        .first()
    )


def certificate_sponsor(*, association, on) -> dict:
    """What a certificate issued on ``on`` by ``association`` stores of its funding: the
    agreement covering that day and its programme (it counts towards that agreement), and the
    funder's names. Outside every agreement's period the certificate still names the funder
    that supports the association (its latest agreement), but counts towards no agreement."""
    agreement = agreement_covering(association=association, on=on)
    latest = agreement or (
        Agreement.objects.select_related("programme__funder")
        .filter(association=association)
        .order_by("-starts_on", "-pk")
        .first()
    )
    funder = latest.programme.funder if latest else None
    return {
        "agreement": agreement,
        "programme": agreement.programme if agreement else None,
        "funder_name_ar": funder.name_ar if funder else "",
        "funder_name_fr": funder.name_fr if funder else "",
    }
