"""Sampling a tranche request's beneficiaries to verify them by phone or visit (the draw
itself is ``grants.verifier.draw``, which needs nothing but Python)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.selectors import attended_rows, participants, sessions_listed
from organisations import permissions

from .evidence import agreement_sessions, beneficiary_key
from .models import BeneficiarySample, SampleContact
from .verifier import draw, sample_size

Outcome = SampleContact.Outcome
SAMPLE_FORMAT = "tamkeen-beneficiary-sample/1"


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


# --- The draw's inputs, the rule, who may see what -------------------------------------------


def snapshot_beneficiaries(request) -> list[dict] | None:
    """The frozen snapshot's beneficiaries, ``[{"person": pseudonym, "sessions": [ids]}]``;
    None for a request submitted before they were frozen with the evidence (it cannot be
    sampled: nobody could redraw its sample)."""
    snapshot = request.evidence_snapshot
    if not isinstance(snapshot, dict):
        return None
    beneficiaries = snapshot.get("beneficiaries")
    return beneficiaries if isinstance(beneficiaries, list) else None


def population(beneficiaries: list[dict]) -> int:
    """The people ``grants.verifier.draw`` draws from: those with at least one session."""
    return sum(1 for entry in beneficiaries if entry.get("sessions"))


def percent(share) -> str:
    """A share (0.05) as a percentage ("5%", "2.5%")."""
    value = (Decimal(str(share)) * 100).normalize()
    return f"{value:f}%"


def can_view_sample(user, agreement) -> bool:
    """The funder's staff of the agreement (officers, finance, auditors) and the platform's
    superusers: pseudonyms and outcomes. Never the association: it must not learn who will be
    called before the call."""
    if not getattr(user, "is_authenticated", False):
        return False
    if permissions.is_member_of_association(user, agreement):
        return False
    return user.is_superuser or permissions.can_view_agreement(user, agreement)


def may_draw(user, request) -> bool:
    """A programme officer of the funder, not a member of the association, while the request
    awaits review."""
    agreement = request.tranche.agreement
    return (
        request.status in request.AWAITING_REVIEW
        and permissions.can_review_tranche_request(user, agreement)
        and snapshot_beneficiaries(request) is not None
    )


def is_drawer(user, sample: BeneficiarySample | None) -> bool:
    """Only the officer who drew the sample sees who the people are and how to reach them,
    and records the contacts."""
    return bool(
        sample is not None
        and getattr(user, "is_authenticated", False)
        and sample.drawn_by_id == user.pk
        and permissions.can_review_tranche_request(user, sample.request.tranche.agreement)
    )


def unavailable_reason(request) -> str:
    """Why ``request`` cannot be sampled ("" when it can)."""
    if snapshot_beneficiaries(request) is None:
        return _(
            "This request was submitted before its beneficiaries were frozen with the evidence: "
            "it cannot be sampled. A new version of the request, once submitted, can be."
        )
    if not request.snapshot_is_intact():
        return _("The request's frozen evidence does not match its SHA-256: it cannot be sampled.")
    if not population(snapshot_beneficiaries(request)):
        return _("The request's frozen evidence counts no beneficiary: there is nobody to sample.")
    return ""


def sample_for(request) -> BeneficiarySample | None:
    return (
        BeneficiarySample.objects.select_related("drawn_by", "request__tranche__agreement")
        .filter(request=request)
        .first()
    )


REDRAW_STEPS = (
    gettext_lazy(
        "size = min(N, max(minimum, ⌈N × share⌉)) for the N beneficiaries of the snapshot;"
    ),
    gettext_lazy("each person's stratum is the first (lowest id) session they attended;"),
    gettext_lazy(
        "each stratum gets size × Nₛ ÷ N people rounded down, the people left over going one "
        "by one to the strata with the largest remainders (ties: the lower session id first);"
    ),
    gettext_lazy(
        "inside a stratum, people are ranked by the SHA-256 of “seed:person” (hexadecimal, "
        "ascending) and the first ones are taken."
    ),
)


def review_context(*, tranche_request, user) -> dict:
    """What the review page's sampling section shows (``grants/sampling/review_section.html``,
    as ``sampling``): whether a sample exists, the rule, its size and population, the outcome
    counts and the confirmation rate, and the link to the sampling page or the draw button."""
    agreement = tranche_request.tranche.agreement
    programme = agreement.programme
    sample = sample_for(tranche_request)
    beneficiaries = snapshot_beneficiaries(tranche_request)
    outcome = sample_outcome(tranche_request) if sample is not None else None
    if sample is not None:
        share, minimum = sample.share, sample.minimum
        people, size = sample.population, len(sample.members)
    else:
        share, minimum = programme.sample_share, programme.sample_minimum
        people = population(beneficiaries) if beneficiaries is not None else None
        size = sample_size(people, share, minimum) if people is not None else None
    reason = "" if sample is not None else unavailable_reason(tranche_request)
    return {
        "exists": sample is not None,
        "sample": sample,
        "share": share,
        "share_percent": percent(share),
        "minimum": minimum,
        "size": size,
        "population": people,
        "outcome": outcome,
        "rate_percent": percent(outcome["rate"]) if outcome and outcome["rate"] is not None else "",
        "min_confirmation_percent": percent(programme.min_sample_confirmation),
        "unavailable": reason,
        "can_draw": sample is None and not reason and may_draw(user, tranche_request),
        "is_drawer": is_drawer(user, sample),
        "can_view": can_view_sample(user, agreement),
        "url": reverse("grants:sample_detail", args=[tranche_request.pk]),
        "draw_url": reverse("grants:sample_draw", args=[tranche_request.pk]),
    }


def sample_document(request) -> dict | None:
    """The draw and its outcomes as plain JSON data, pseudonyms only (no name, no contact):
    the sampling page's download and the evidence pack's file. None before a sample."""
    sample = BeneficiarySample.objects.filter(request=request).first()
    if sample is None:
        return None
    contacts = [
        {
            "person": contact.person,
            "channel": contact.channel,
            "contacted_on": contact.contacted_on.isoformat(),
            "outcome": contact.outcome,
            "recorded_at": contact.recorded_at.isoformat(),
        }
        for contact in sample.contacts.order_by("pk")
    ]
    result = sample_outcome(request)
    return {
        "format": SAMPLE_FORMAT,
        "request": {
            "agreement": request.tranche.agreement.reference,
            "tranche": request.tranche.number,
            "version": request.version,
            "evidence_sha256": request.evidence_sha256,
        },
        "algorithm": "grants.verifier.draw",
        "seed": sample.seed,
        "rule": {"share": str(sample.share), "minimum": sample.minimum},
        "population": sample.population,
        "snapshot_sha256": sample.snapshot_sha256,
        "drawn_at": sample.drawn_at.isoformat(),
        "members": sample.members,
        "contacts": contacts,
        "latest_outcomes": {
            person: outcome
            for person, outcome in latest_outcomes(sample).items()
            if person in {m["person"] for m in sample.members}
        },
        "result": {
            **{k: v for k, v in result.items() if k != "rate"},
            "rate": str(result["rate"]) if result["rate"] is not None else None,
        },
    }


def redraw_matches(sample: BeneficiarySample) -> bool:
    """Whether the request's frozen snapshot, drawn again with the sample's seed and rule,
    gives the same people in the same order."""
    beneficiaries = snapshot_beneficiaries(sample.request)
    if beneficiaries is None:
        return False
    again = draw(
        seed=sample.seed, beneficiaries=beneficiaries, share=sample.share, minimum=sample.minimum
    )
    return again == sample.members and sample.snapshot_sha256 == sample.request.evidence_sha256


# --- Who the pseudonyms are (for the officer who drew the sample only) -----------------------


def live_people(agreement) -> dict[str, dict]:
    """Pseudonym → ``{"key": "u12" or "p7", "walk_ins": {participant ids}}`` for everyone who
    attended a held session of the agreement (a claimed walk-in is its account; two queries
    whatever their number)."""
    from .packs import pseudonym

    sessions = list(agreement_sessions(agreement=agreement).values_list("pk", flat=True))
    people: dict[str, dict] = {}
    for row in attended_rows(session_ids=sessions):
        key = beneficiary_key(
            row["learner_id"], row["participant_id"], row["participant__claimed_by_id"]
        )
        entry = people.setdefault(pseudonym(key), {"key": key, "walk_ins": set()})
        if row["participant_id"]:
            entry["walk_ins"].add(row["participant_id"])
    return people


def resolve(agreement, persons) -> dict[str, dict]:
    """Pseudonym → ``{"key", "learner", "participant", "walk_ins"}`` for the given pseudonyms:
    the learner account for a ``u`` key, the walk-in for a ``p`` key, and the walk-in records
    behind either (a claimed walk-in may have left a phone number). A pseudonym nobody has any
    more (the attendance was corrected since) is left out. Four queries at most."""
    wanted = set(persons)
    found = {p: entry for p, entry in live_people(agreement).items() if p in wanted}
    user_ids = {int(e["key"][1:]) for e in found.values() if e["key"].startswith("u")}
    walk_in_ids = set().union(*(e["walk_ins"] for e in found.values())) if found else set()
    users = get_user_model().objects.in_bulk(user_ids) if user_ids else {}
    walk_ins = participants(participant_ids=walk_in_ids).in_bulk() if walk_in_ids else {}
    resolved = {}
    for person, entry in found.items():
        key, number = entry["key"], int(entry["key"][1:])
        learner = users.get(number) if key.startswith("u") else None
        participant = walk_ins.get(number) if key.startswith("p") else None
        if learner is None and participant is None:
            continue
        resolved[person] = {
            "key": key,
            "learner": learner,
            "participant": participant,
            "walk_ins": [walk_ins[pk] for pk in sorted(entry["walk_ins"]) if pk in walk_ins],
        }
    return resolved


def _contact_data(found: dict | None) -> dict:
    """The name, e-mail address and phone numbers to reach one person."""
    if found is None:
        return {"name": "", "email": "", "phones": []}
    learner, participant = found["learner"], found["participant"]
    walk_ins = found["walk_ins"]
    phones = sorted({w.phone.strip() for w in walk_ins if w.phone.strip()})
    if learner is not None:
        name = " / ".join(n for n in (learner.full_name_ar, learner.full_name_latin) if n)
        return {"name": name or learner.display_name, "email": learner.email, "phones": phones}
    name = " / ".join(n for n in (participant.name_ar, participant.name_latin) if n)
    return {"name": name, "email": participant.email, "phones": phones}


def sample_rows(sample: BeneficiarySample, *, with_contacts: bool) -> list[dict]:
    """One row per sampled person, in draw order: pseudonym, stratum, the sessions they
    attended (from the snapshot), the latest contact and the history; with ``with_contacts``
    (the officer who drew the sample only), their name, e-mail address and phones too."""
    members = sample.members
    persons = [m["person"] for m in members]
    snapshot = {
        str(e.get("person")): [int(s) for s in e.get("sessions") or []]
        for e in snapshot_beneficiaries(sample.request) or []
    }
    session_ids = {s for p in persons for s in snapshot.get(p, [])}
    session_ids |= {int(m["stratum"]) for m in members}
    sessions = {s.pk: s for s in sessions_listed(session_ids=session_ids)}
    history: dict[str, list] = {}
    for contact in sample.contacts.select_related("recorded_by").order_by("pk"):
        history.setdefault(contact.person, []).append(contact)
    resolved = resolve(sample.request.tranche.agreement, persons) if with_contacts else {}
    rows = []
    for number, member in enumerate(members, start=1):
        person = member["person"]
        contacts = history.get(person, [])
        ids = snapshot.get(person) or [int(member["stratum"])]
        row = {
            "number": number,
            "person": person,
            "stratum": sessions.get(int(member["stratum"])),
            "stratum_id": int(member["stratum"]),
            "sessions": [sessions[s] for s in sorted(ids) if s in sessions],
            "latest": contacts[-1] if contacts else None,
            "history": contacts,
        }
        if with_contacts:
            row["contact"] = _contact_data(resolved.get(person))
            row["found"] = person in resolved
        rows.append(row)
    return rows
