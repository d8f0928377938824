"""The funder's dashboard: every agreement of a programme on the same indicators, with totals
and the data of its charts. The evidence of all agreements is computed together, in a fixed
number of queries (``grants.evidence``).

Over a full programme (97 agreements, 150,000 attendance records) that computation takes
seconds, so the dashboard keeps it in the cache for ``DASHBOARD_CACHE_SECONDS`` (default 60;
0 computes it on every view) under an *evidence generation* that any save or deletion in the
apps the evidence is read from replaces. The cached evidence carries its ``computed_at`` time.
Review pages, snapshots and evidence packs always compute live.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership

from .models import Programme, Tranche
from .selectors import FUNDER_STAFF, agreements_evidence
from .services.deadlines import agreement_deadline_flag

SORTS = {
    "reference": lambda r: r.agreement.reference,
    "association": lambda r: r.agreement.association.name_fr.casefold(),
    "region": lambda r: r.region_code,
    "amount": lambda r: r.agreement.amount,
    "sessions": lambda r: r.figures["sessions"],
    "beneficiaries": lambda r: r.figures["beneficiaries"],
    "certificates": lambda r: r.figures["certificates"] or 0,
    "women_share": lambda r: Decimal(r.figures["women_share"] or "-1"),
    "attendance_rate": lambda r: Decimal(r.figures["attendance"]["rate"] or "-1"),
    "readiness": lambda r: r.readiness,
    "status": lambda r: r.status,
}

EXPORT_HEADER = [
    "reference",
    "association",
    "region",
    "field",
    "amount_mad",
    "tranche_status",
    "current_tranche",
    "reports",
    "sessions",
    "target_sessions",
    "beneficiaries",
    "target_beneficiaries",
    "member_associations",
    "certificates",
    "completions",
    "attendance_rate",
    "women_share",
    "targets_reached",
    "targets",
]


EVIDENCE_GENERATION_KEY = "grants:evidence-generation"
# The apps whose rows the evidence is read from: sessions, attendance, enrollments, progress
# and quizzes; certificates; agreements and programmes; memberships; people's gender and age.
EVIDENCE_APPS = frozenset({"accounts", "certificates", "courses", "grants", "organisations"})


def _evidence_generation() -> str:
    generation = cache.get(EVIDENCE_GENERATION_KEY)
    if generation is None:
        cache.add(EVIDENCE_GENERATION_KEY, secrets.token_hex(8), timeout=None)
        generation = cache.get(EVIDENCE_GENERATION_KEY)
    return generation


def _bump_evidence_generation(sender, update_fields=None, **kwargs):
    if sender._meta.app_label not in EVIDENCE_APPS:
        return
    if update_fields and set(update_fields) <= {"last_login"}:
        return  # signing in changes no figure

    def bump():
        cache.set(EVIDENCE_GENERATION_KEY, secrets.token_hex(8), timeout=None)

    bump()
    transaction.on_commit(bump)


def connect_signals() -> None:
    """Called once from ``GrantsConfig.ready()``."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_bump_evidence_generation, dispatch_uid=f"grants.dashboard.{id(signal)}")


def _programme_evidence(programme, agreements) -> dict[int, dict]:
    seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", 60)
    if not seconds:
        return agreements_evidence(agreements=agreements)
    key = f"grants:dashboard-evidence:{programme.pk}:{_evidence_generation()}"
    evidence = cache.get(key)
    if evidence is None or set(evidence) != {a.pk for a in agreements}:
        evidence = agreements_evidence(agreements=agreements)
        cache.set(key, evidence, timeout=seconds)
    return evidence


def dashboard_programmes(*, user) -> QuerySet[Programme]:
    """The programmes of the funders where ``user`` is officer, finance or auditor."""
    programmes = Programme.objects.select_related("funder")
    if not user.is_authenticated:
        return programmes.none()
    if user.is_superuser:
        return programmes
    return programmes.filter(
        funder__in=Membership.objects.filter(user=user, role__in=FUNDER_STAFF).values(
            "organisation"
        )
    )


@dataclass
class DashboardRow:
    agreement: object
    evidence: dict
    status: str
    status_label: str
    tranche_number: int | None = None
    deadline: object = None  # the most pressing report deadline (services.deadlines)

    @property
    def figures(self) -> dict:
        return self.evidence["figures"]

    @property
    def region_code(self) -> str:
        region = self.agreement.association.region
        return region.code if region else ""

    @property
    def readiness(self) -> Decimal:
        ready = self.evidence["readiness"]
        return Decimal(ready["reached"]) / ready["targets"] if ready["targets"] else Decimal(0)

    @property
    def readiness_percent(self) -> int:
        return int(self.readiness * 100)

    @property
    def ready(self) -> bool:
        ready = self.evidence["readiness"]
        return ready["reached"] == ready["targets"]

    def export_row(self) -> list:
        agreement, figures, progress = self.agreement, self.figures, self.evidence["progress"]
        return [
            agreement.reference,
            agreement.association.name_fr,
            self.region_code,
            agreement.programme.field,
            agreement.amount,
            self.status,
            self.tranche_number or "",
            self.deadline.state if self.deadline else "",
            figures["sessions"],
            progress["sessions"]["target"],
            figures["beneficiaries"],
            progress["beneficiaries"]["target"],
            figures["member_associations"],
            figures["certificates"],
            figures["completions"],
            figures["attendance"]["rate"] or "",
            figures["women_share"] or "",
            self.evidence["readiness"]["reached"],
            self.evidence["readiness"]["targets"],
        ]


def _requested_tranche(agreement) -> Tranche | None:
    """The tranche the agreement is at: the first released by verified achievement and not
    paid yet; when all of those are paid, the last tranche (the agreement is paid only when
    every tranche is)."""
    from .selectors import current_tranche

    tranches = sorted(agreement.tranches.all(), key=lambda t: t.number)
    return current_tranche(tranches) or (tranches[-1] if tranches else None)


def _bars(counts: dict, labels: dict | None = None) -> list[dict]:
    """Chart rows with their share of the largest value (0-100), biggest first."""
    peak = max(counts.values(), default=0)
    return [
        {
            "key": key,
            "label": (labels or {}).get(key, key),
            "value": value,
            "percent": round(100 * value / peak) if peak else 0,
        }
        for key, value in sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    ]


def programme_dashboard(
    *, programme, region: str = "", status: str = "", readiness: str = "", sort: str = ""
) -> dict:
    """Rows, totals and charts for ``programme``, filtered and sorted."""
    agreements = list(
        programme.agreements.select_related("programme", "association__region")
        .prefetch_related("target_regions", "target_provinces", "tranches__requests")
        .order_by("reference")
    )
    evidence = _programme_evidence(programme, agreements)
    labels = dict(Tranche.Status.choices)
    rows = []
    for agreement in agreements:
        tranche = _requested_tranche(agreement)
        code = tranche.status if tranche else ""
        rows.append(
            DashboardRow(
                agreement,
                evidence[agreement.pk],
                code,
                labels.get(code, ""),
                tranche.number if tranche else None,
                agreement_deadline_flag(agreement),
            )
        )
    regions = sorted(
        {(r.region_code, str(r.agreement.association.region)) for r in rows if r.region_code}
    )
    if region:
        rows = [r for r in rows if r.region_code == region]
    if status:
        rows = [r for r in rows if r.status == status]
    if readiness in ("ready", "not_ready"):
        rows = [r for r in rows if r.ready == (readiness == "ready")]
    descending = sort.startswith("-")
    key = SORTS.get(sort.lstrip("-"), SORTS["reference"])
    rows.sort(key=key, reverse=descending)
    seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", 60)
    return {
        "rows": rows,
        # The rendered rows are kept as long as the evidence they show (templates' {% cache %}):
        # the same programme, filters and sort under the same evidence generation.
        "table_cache_seconds": seconds,
        "table_cache_key": ":".join(
            [str(programme.pk), _evidence_generation() if seconds else "-"]
            + [region, status, readiness, sort]
        ),
        "regions": regions,
        "statuses": Tranche.Status.choices,
        "totals": _totals(rows),
        "charts": _charts(rows, labels),
    }


def _totals(rows) -> dict:
    female = sum(r.figures["by_gender"]["female"] for r in rows)
    known = female + sum(r.figures["by_gender"]["male"] for r in rows)
    expected = sum(r.figures["attendance"]["expected"] for r in rows)
    attended = sum(r.figures["attendance"]["attended"] for r in rows)
    return {
        "agreements": len(rows),
        "amount": sum((r.agreement.amount for r in rows), Decimal(0)),
        "sessions": sum(r.figures["sessions"] for r in rows),
        "beneficiaries": sum(r.figures["beneficiaries"] for r in rows),
        "member_associations": sum(r.figures["member_associations"] for r in rows),
        "certificates": sum(r.figures["certificates"] or 0 for r in rows),
        "completions": sum(r.figures["completions"] for r in rows),
        "women_share": round(100 * female / known) if known else None,
        "attendance_rate": round(100 * attended / expected) if expected else None,
        "ready": sum(r.ready for r in rows),
    }


def _charts(rows, status_labels) -> dict:
    from courses.models import CoursePage, TrainingSession

    arabic = (get_language() or "ar").startswith("ar")
    by_region: dict[str, int] = defaultdict(int)
    region_names: dict[str, str] = {}
    by_theme: dict[str, int] = defaultdict(int)
    by_status: dict[str, int] = defaultdict(int)
    for row in rows:
        for place in row.figures["by_region"]:
            by_region[place["code"]] += place["beneficiaries"]
            region_names[place["code"]] = place["name_ar"] if arabic else place["name_fr"]
        for theme, count in row.figures["by_theme"].items():
            by_theme[theme] += count
        by_status[row.status] += 1
    theme_labels = {**dict(TrainingSession.Kind.choices), **dict(CoursePage.Theme.choices)}
    female = sum(r.figures["by_gender"]["female"] for r in rows)
    male = sum(r.figures["by_gender"]["male"] for r in rows)
    return {
        "regions": _bars(by_region, region_names),
        "themes": _bars(by_theme, theme_labels),
        "statuses": _bars(by_status, status_labels),
        "gender": _bars({"female": female, "male": male}, {"female": _("Women"), "male": _("Men")}),
    }


def dashboard_filters(get) -> dict:
    return {
        name: get.get(name, "").strip()[:30] for name in ("region", "status", "readiness", "sort")
    }
