"""Read queries of calls: open calls, scores and their spread, the ranking, the fairness
report. Nothing here writes."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils import timezone

from .models import Application, Call, CommitteeMember, ConflictDeclaration, Score

# Two marks this far apart on one criterion flag a disagreement the committee should discuss.
DISAGREEMENT_SPREAD = 3
TWO = Decimal("0.01")


def open_calls(now=None):
    now = now or timezone.now()
    return (
        Call.objects.filter(status=Call.Status.PUBLISHED, opens_at__lte=now, closes_at__gt=now)
        .select_related("programme")
        .order_by("closes_at")
    )


def public_calls():
    return Call.objects.filter(status=Call.Status.PUBLISHED).select_related("programme")


def reviewable(call):
    return call.applications.filter(
        status=Application.Status.SUBMITTED, eligibility=Application.Eligibility.ELIGIBLE
    )


def conflicted_members(application) -> set[int]:
    return set(
        ConflictDeclaration.objects.filter(application=application, has_conflict=True).values_list(
            "member_id", flat=True
        )
    )


def member_totals(application) -> dict[int, Decimal]:
    """Each member's weighted mark (0 to 5) for the application, counting only members without
    a conflict who marked every criterion."""
    criteria = list(application.call.criteria.all())
    weights = {c.pk: c.weight for c in criteria}
    total_weight = sum(weights.values()) or 1
    excluded = conflicted_members(application)
    marks: dict[int, dict[int, int]] = defaultdict(dict)
    for score in Score.objects.filter(application=application):
        if score.member_id not in excluded:
            marks[score.member_id][score.criterion_id] = score.value
    totals = {}
    for member_id, by_criterion in marks.items():
        if set(by_criterion) >= set(weights):
            value = Decimal(sum(weights[c] * by_criterion[c] for c in weights)) / total_weight
            totals[member_id] = value.quantize(TWO, ROUND_HALF_UP)
    return totals


def weighted_score(application) -> Decimal | None:
    totals = member_totals(application)
    if not totals:
        return None
    return (sum(totals.values()) / len(totals)).quantize(TWO, ROUND_HALF_UP)


def score_spread(application) -> list[dict]:
    """Per criterion: the marks given (no names), min, max, mean, and whether they disagree."""
    excluded = conflicted_members(application)
    by_criterion = defaultdict(list)
    for score in Score.objects.filter(application=application).exclude(member_id__in=excluded):
        by_criterion[score.criterion_id].append(score.value)
    rows = []
    for criterion in application.call.criteria.all():
        values = sorted(by_criterion.get(criterion.pk, []))
        rows.append(
            {
                "criterion": criterion,
                "values": values,
                "min": values[0] if values else None,
                "max": values[-1] if values else None,
                "mean": (Decimal(sum(values)) / len(values)).quantize(TWO) if values else None,
                "disagreement": bool(values) and values[-1] - values[0] >= DISAGREEMENT_SPREAD,
            }
        )
    return rows


def committee_progress(call) -> list[dict]:
    """Per eligible application: declarations, members who scored everything, score, flags."""
    members = list(CommitteeMember.objects.filter(committee__call=call))
    criteria_count = call.criteria.count()
    rows = []
    for application in reviewable(call).select_related("association__region"):
        declarations = {
            d.member_id: d.has_conflict
            for d in ConflictDeclaration.objects.filter(application=application)
        }
        done = (
            Score.objects.filter(application=application)
            .exclude(member_id__in=[m for m, c in declarations.items() if c])
            .values("member_id")
            .annotate(n=Count("pk"))
            .filter(n__gte=criteria_count)
            .count()
        )
        spread = score_spread(application)
        rows.append(
            {
                "application": application,
                "declared": len(declarations),
                "conflicts": sum(1 for c in declarations.values() if c),
                "scored": done,
                "members": len(members),
                "score": weighted_score(application),
                "spread": spread,
                "disagreement": any(row["disagreement"] for row in spread),
            }
        )
    return rows


def ranking(call) -> list[dict]:
    """The eligible applications by weighted score (ties: earlier submission first), with the
    decision the call's published rules propose: selected within the expected number, at most
    ``max_per_region`` per region and above ``min_score``; then the reserve list; the rest not
    selected. Each row says which rule decided."""
    from django.utils.translation import gettext as _

    applications = list(reviewable(call).select_related("association__region"))
    for application in applications:
        if application.score is None:
            application.score = weighted_score(application)
    applications.sort(
        key=lambda a: (-(a.score if a.score is not None else Decimal("-1")), a.submitted_at)
    )
    per_region: dict[int, int] = defaultdict(int)
    selected = reserve = 0
    rows = []
    for rank, application in enumerate(applications, start=1):
        score = application.score
        region = application.association.region_id
        if score is None:
            proposal, rule = Application.Decision.REJECTED, _("Not scored by the committee.")
        elif score < call.min_score:
            proposal, rule = (
                Application.Decision.REJECTED,
                _("Score %(score)s below the minimum of %(min)s.")
                % {"score": score, "min": call.min_score},
            )
        elif selected < call.expected_agreements and (
            not call.max_per_region or per_region[region] < call.max_per_region
        ):
            selected += 1
            per_region[region] += 1
            proposal, rule = (
                Application.Decision.SELECTED,
                _("Ranked %(rank)s with %(score)s out of 5.") % {"rank": rank, "score": score},
            )
        elif reserve < call.reserve_size:
            reserve += 1
            if selected < call.expected_agreements:
                rule = _("Ranked %(rank)s; the region already has %(count)s selected.") % {
                    "rank": rank,
                    "count": call.max_per_region,
                }
            else:
                rule = _("Ranked %(rank)s, after the %(count)s agreements expected.") % {
                    "rank": rank,
                    "count": call.expected_agreements,
                }
            proposal = Application.Decision.RESERVE
        else:
            proposal, rule = (
                Application.Decision.REJECTED,
                _("Ranked %(rank)s, after the agreements expected and the reserve list.")
                % {"rank": rank},
            )
        rows.append(
            {"application": application, "rank": rank, "proposal": proposal, "rule": str(rule)}
        )
    return rows


SIZE_BANDS = [(0, 19, "1–19"), (20, 49, "20–49"), (50, 99, "50–99"), (100, None, "100+")]


def size_band(members_count) -> str:
    if members_count is None:
        return "—"
    for low, high, label in SIZE_BANDS:
        if members_count >= low and (high is None or members_count <= high):
            return label
    return "—"


def fairness_report(call) -> dict:
    """Applications, eligibility, scores and selection by region, field and association size:
    counts and mean scores, nothing that names a person."""
    applications = list(
        call.applications.exclude(status=Application.Status.DRAFT).select_related(
            "association__region"
        )
    )

    def empty():
        return {
            "submitted": 0,
            "withdrawn": 0,
            "eligible": 0,
            "ineligible": 0,
            "scores": [],
            "selected": 0,
            "reserve": 0,
            "rejected": 0,
        }

    groups = {"region": defaultdict(empty), "size": defaultdict(empty), "field": defaultdict(empty)}
    # While the committee sits, the scores so far (recorded for good at its close).
    live_scores: dict = {}
    total = empty()
    for application in applications:
        keys = {
            "region": application.association.region.name,
            "size": size_band(application.members_count),
            "field": call.programme.get_field_display(),
        }
        for bucket in [total] + [groups[g][keys[g]] for g in groups]:
            if application.status == Application.Status.WITHDRAWN:
                bucket["withdrawn"] += 1
                continue
            bucket["submitted"] += 1
            if application.eligibility == Application.Eligibility.ELIGIBLE:
                bucket["eligible"] += 1
            elif application.eligibility == Application.Eligibility.INELIGIBLE:
                bucket["ineligible"] += 1
            score = application.score
            if score is None and application.eligibility == Application.Eligibility.ELIGIBLE:
                score = live_scores.setdefault(application.pk, weighted_score(application))
            if score is not None:
                bucket["scores"].append(score)
            if application.decision:
                bucket[application.decision] += 1

    def finish(bucket):
        scores = bucket.pop("scores")
        bucket["mean_score"] = (sum(scores) / len(scores)).quantize(TWO) if scores else None
        bucket["selection_rate"] = (
            round(100 * bucket["selected"] / bucket["eligible"]) if bucket["eligible"] else None
        )
        return bucket

    return {
        "total": finish(total),
        "groups": {
            name: sorted(((key, finish(b)) for key, b in buckets.items()), key=lambda kv: kv[0])
            for name, buckets in groups.items()
        },
    }


def reviewer_queue(member):
    """The eligible applications of the member's call, with the member's declaration."""
    declared = {
        d.application_id: d.has_conflict for d in ConflictDeclaration.objects.filter(member=member)
    }
    scored = set(
        Score.objects.filter(member=member).values_list("application_id", flat=True).distinct()
    )
    return [
        {
            "application": a,
            "declared": a.pk in declared,
            "conflict": declared.get(a.pk),
            "scored": a.pk in scored,
        }
        for a in reviewable(member.committee.call).order_by("number")
    ]


def selected_applications(call):
    return (
        call.applications.filter(decision=Application.Decision.SELECTED)
        .select_related("association__region")
        .order_by("rank", "number")
    )
