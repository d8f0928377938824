"""What the learners got out of an agreement's courses: completions, certificates and the
learning gain between pre- and post-tests, for many agreements in one query each."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from courses.models import Enrollment, QuizAttempt, QuizPage


def certificate_counts(agreements) -> dict[int, int | None]:
    """Certificates per agreement, as the certificates app defines them: one query whatever
    the number of agreements (one conditional count per agreement)."""
    try:
        from certificates.selectors import certificates_for_agreement
    except ImportError:  # the certificates app does not issue yet
        return {a.pk: None for a in agreements}
    querysets = {a.pk: certificates_for_agreement(agreement=a) for a in agreements}
    if not querysets:
        return {}
    model = next(iter(querysets.values())).model
    counts = model.objects.aggregate(
        **{
            f"a{pk}": Count("pk", filter=Q(pk__in=queryset.values("pk")))
            for pk, queryset in querysets.items()
        }
    )
    return {pk: counts[f"a{pk}"] for pk in querysets}


def learning_gains(agreements) -> dict[int, dict]:
    """Mean post-test minus mean pre-test score over the attempts in the courses of each
    agreement's association (``courses.selectors.learning_gain``, grouped: one query)."""
    kinds = {QuizPage.Kind.PRE_TEST: "pre", QuizPage.Kind.POST_TEST: "post"}
    totals: dict[int, dict] = defaultdict(dict)
    rows = (
        QuizAttempt.objects.filter(
            enrollment__course__association_id__in={a.association_id for a in agreements},
            quiz__kind__in=list(kinds),
        )
        .values("enrollment__course__association_id", "quiz__kind")
        .annotate(total=Sum("score"), count=Count("pk"))
    )
    for row in rows:
        kind = kinds[row["quiz__kind"]]
        totals[row["enrollment__course__association_id"]][kind] = (row["total"], row["count"])
    gains = {}
    for agreement in agreements:
        found = totals.get(agreement.association_id, {})
        means = {
            kind: (found[kind][0] / found[kind][1]).quantize(Decimal("0.01"))
            for kind in ("pre", "post")
            if kind in found
        }
        gains[agreement.pk] = {
            "pre": means.get("pre"),
            "post": means.get("post"),
            "pre_count": found.get("pre", (0, 0))[1],
            "post_count": found.get("post", (0, 0))[1],
            "gain": means["post"] - means["pre"] if len(means) == 2 else None,
        }
    return gains


def completions_by_agreement(agreements, staff_by_association) -> dict[int, int]:
    """Enrollments completed, in the association's courses, within the agreement's period."""
    rows = Enrollment.objects.filter(
        status=Enrollment.Status.COMPLETED,
        course__association_id__in={a.association_id for a in agreements},
    ).values_list("course__association_id", "learner_id", "completed_at")
    counts = defaultdict(int)
    by_association = defaultdict(list)
    for association_id, learner_id, completed_at in rows:
        by_association[association_id].append((learner_id, completed_at))
    for agreement in agreements:
        staff = staff_by_association.get(agreement.association_id, set())
        for learner_id, completed_at in by_association[agreement.association_id]:
            day = timezone.localdate(completed_at) if completed_at else None
            if learner_id not in staff and day and agreement.starts_on <= day <= agreement.ends_on:
                counts[agreement.pk] += 1
    return counts
