"""What the learners got out of an agreement's courses: completions, certificates and the
learning gain between pre- and post-tests, for many agreements in one query each."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from certificates.selectors import certificate_counts_by_agreement
from courses.selectors import completed_enrollments, quiz_score_totals


def certificate_counts(agreements) -> dict[int, int]:
    """Certificates per agreement, as the certificates app defines them: one query whatever
    the number of agreements."""
    return certificate_counts_by_agreement(agreements=agreements)


def learning_gains(agreements) -> dict[int, dict]:
    """Mean post-test minus mean pre-test score over the attempts in the courses of each
    agreement's association (``courses.selectors.learning_gain``, grouped: one query)."""
    totals = quiz_score_totals(association_ids={a.association_id for a in agreements})
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
    rows = completed_enrollments(association_ids={a.association_id for a in agreements})
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
