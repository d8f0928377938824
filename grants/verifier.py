"""What anyone can check without the platform: pure Python and ``cryptography``, no Django,
no database (``bin/verify-pack`` runs it on an evidence pack).

Here first: the reproducible draw of a beneficiary sample. Given the frozen snapshot's
beneficiaries, the seed, the share and the minimum that the sample records, ``draw`` gives the
same people in the same order on any machine, in any language that has SHA-256 and exact
fractions:

1. size = min(N, max(minimum, ceil(N × share))) for N beneficiaries;
2. each person's stratum is the first (lowest id) session they attended;
3. each stratum gets size × Nₛ / N people, rounded down, and the people left over go one by
   one to the strata with the largest remainders (ties: the lower session id first);
4. inside a stratum, people are ranked by SHA-256 of ``seed:person`` (hex, ascending) and the
   first ones are taken.
"""

from __future__ import annotations

import hashlib
import math
from fractions import Fraction

__all__ = ["draw", "sample_size"]


def sample_size(population: int, share, minimum: int) -> int:
    """How many people a sample holds: ``share`` of the population, at least ``minimum``,
    at most everyone. ``share`` is a decimal string or number ("0.05")."""
    if population <= 0:
        return 0
    wanted = math.ceil(Fraction(str(share)) * population)
    return min(population, max(int(minimum), wanted))


def _rank(seed: str, person: str) -> str:
    return hashlib.sha256(f"{seed}:{person}".encode()).hexdigest()


def draw(*, seed: str, beneficiaries: list[dict], share, minimum: int) -> list[dict]:
    """The sample, as ``[{"person": ..., "stratum": session id}]``: stratum by stratum (in
    session order), each stratum in rank order. ``beneficiaries`` is the snapshot's list of
    ``{"person": pseudonym, "sessions": [session ids]}``."""
    strata: dict[int, list[str]] = {}
    for entry in beneficiaries:
        sessions = [int(s) for s in entry.get("sessions") or []]
        if not sessions:
            continue
        strata.setdefault(min(sessions), []).append(str(entry["person"]))
    population = sum(len(people) for people in strata.values())
    size = sample_size(population, share, minimum)
    if not size:
        return []
    quotas = {s: Fraction(size * len(people), population) for s, people in strata.items()}
    counts = {s: math.floor(q) for s, q in quotas.items()}
    left = size - sum(counts.values())
    by_remainder = sorted(strata, key=lambda s: (-(quotas[s] - counts[s]), s))
    for stratum in by_remainder[:left]:
        counts[stratum] += 1
    sample = []
    for stratum in sorted(strata):
        ranked = sorted(set(strata[stratum]), key=lambda person: _rank(seed, person))
        sample += [{"person": p, "stratum": stratum} for p in ranked[: counts[stratum]]]
    return sample
