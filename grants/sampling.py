"""Sampling a tranche request's beneficiaries to verify them by phone or visit (the draw
itself is ``grants.verifier.draw``, which needs nothing but Python)."""

from __future__ import annotations

from decimal import Decimal

from .models import BeneficiarySample, SampleContact

Outcome = SampleContact.Outcome


def latest_outcomes(sample: BeneficiarySample) -> dict[str, str]:
    """Person (pseudonym) → the outcome of their latest contact."""
    outcomes: dict[str, str] = {}
    for person, outcome in sample.contacts.order_by("pk").values_list("person", "outcome"):
        outcomes[person] = outcome
    return outcomes


def sample_outcome(request) -> dict | None:
    """The sampling result of a tranche request (None before a sample is drawn): the size,
    how many people have an outcome, each outcome's count, and the confirmation rate,
    confirmed ÷ (confirmed + denied), None while nobody answered either way."""
    sample = BeneficiarySample.objects.filter(request=request).first()
    if sample is None:
        return None
    drawn = {m["person"] for m in sample.members}
    outcomes = {p: o for p, o in latest_outcomes(sample).items() if p in drawn}
    counts = dict.fromkeys(Outcome.values, 0)
    for outcome in outcomes.values():
        counts[outcome] += 1
    answered = counts[Outcome.CONFIRMED] + counts[Outcome.DENIED]
    rate = (
        (Decimal(counts[Outcome.CONFIRMED]) / answered).quantize(Decimal("0.01"))
        if answered
        else None
    )
    return {
        "size": len(drawn),
        "population": sample.population,
        "contacted": len(outcomes),
        "complete": len(outcomes) == len(drawn),
        **counts,
        "rate": rate,
    }
