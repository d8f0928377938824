"""Verification by sampling beneficiaries (#18): the reproducible draw, its size rule and
strata, one sample per request, the contacts and who may record them, the confirmation rate,
the draw's document and My data.

The evidence data set (``evidence_data.build``) counts four beneficiaries for the agreement:
L1 (sessions S1 and S2), L2 (S1), the walk-in W1 (S1) and L4 (S2). With the programme's
default rule (5 %, at least 10) the sample holds all four.
"""

import copy
import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.personal_data import personal_data_export
from grants import sampling, selectors, services
from grants.evidence import beneficiary_rows
from grants.models import AuditLog, BeneficiarySample, SampleContact
from grants.packs import pseudonym
from grants.services.sampling import sample_contact_record, sample_draw
from grants.verifier import draw, sample_size
from organisations.models import Membership
from tests.factories.organisations import OrganisationFactory, member_of

from .evidence_data import build
from .helpers import fill_request

pytestmark = pytest.mark.django_db
Channel = SampleContact.Channel
Outcome = SampleContact.Outcome


# --- Helpers and fixtures (the views' tests import them) -------------------------------------


def _within(tranche):
    period = selectors.tranche_period(tranche)
    if period is None:
        return tranche.agreement
    within = copy.copy(tranche.agreement)
    within.starts_on, within.ends_on = period[1], period[2]
    return within


def snapshot_beneficiaries_of(tranche) -> list[dict]:
    """What the snapshot freezes under "beneficiaries" (grants.selectors.tranche_snapshot)."""
    attended: dict[str, set] = {}
    for row in beneficiary_rows(agreement=_within(tranche)):
        attended.setdefault(row["key"], set()).add(row["session_id"])
    return sorted(
        ({"person": pseudonym(k), "sessions": sorted(s)} for k, s in attended.items()),
        key=lambda entry: entry["person"],
    )


def freeze_beneficiaries(monkeypatch, *, present=True):
    """Make the submission freeze the snapshot's "beneficiaries" (as every request submitted
    since #18), or, with ``present=False``, leave them out (as a request submitted before)."""
    evidence_of = selectors.tranche_evidence

    def evidence(*, tranche):
        data = evidence_of(tranche=tranche)
        if present:
            data.setdefault("beneficiaries", snapshot_beneficiaries_of(tranche))
        else:
            data.pop("beneficiaries", None)
        return data

    monkeypatch.setattr(selectors, "tranche_evidence", evidence)
    if not present and hasattr(selectors, "tranche_snapshot"):
        snapshot_of = selectors.tranche_snapshot

        def snapshot(**kwargs):
            data = snapshot_of(**kwargs)
            data.pop("beneficiaries", None)
            return data

        monkeypatch.setattr(selectors, "tranche_snapshot", snapshot)


def person_of(user=None, *, participant=None) -> str:
    return pseudonym(f"u{user.pk}" if user is not None else f"p{participant.pk}")


@pytest.fixture
def data(agreement):
    return build(agreement)


@pytest.fixture
def sampled_request(data, draft_request, association_admin, monkeypatch):
    """A submitted request whose frozen snapshot lists the four beneficiaries."""
    freeze_beneficiaries(monkeypatch)
    fill_request(draft_request, association_admin)
    request = services.tranche_request_submit(request=draft_request, by=association_admin)
    monkeypatch.undo()
    return request


@pytest.fixture
def other_officer(funder):
    return member_of(funder, Membership.Role.OFFICER)


@pytest.fixture
def foreign_officer(db):
    return member_of(OrganisationFactory(funder=True), Membership.Role.OFFICER)


def today():
    return timezone.localdate()


# --- The draw itself (pure Python) -----------------------------------------------------------


def _people(count, session, prefix="x"):
    return [{"person": f"{prefix}{session}-{i}", "sessions": [session]} for i in range(count)]


@pytest.mark.parametrize(
    ("population", "expected"),
    [(1000, 50), (201, 11), (200, 10), (100, 10), (10, 10), (7, 7), (1, 1), (0, 0)],
)
def test_the_size_is_the_share_with_a_minimum_capped_at_the_population(population, expected):
    assert sample_size(population, "0.05", 10) == expected
    beneficiaries = _people(population, 1)
    assert len(draw(seed="s", beneficiaries=beneficiaries, share="0.05", minimum=10)) == expected


def test_each_session_gets_its_share_of_the_sample():
    # 100 + 60 + 40 people whose first sessions are 3, 5 and 9; 10 % of 200 = 20 people.
    beneficiaries = _people(100, 3) + _people(60, 5) + _people(40, 9)
    # Someone who attended 9 then 3 belongs to stratum 3 (their first session).
    beneficiaries.append({"person": "both", "sessions": [9, 3]})
    sample = draw(seed="seed", beneficiaries=beneficiaries, share="0.10", minimum=10)
    counts = {s: sum(1 for m in sample if m["stratum"] == s) for s in (3, 5, 9)}
    # 21 of 201: 101 × 21 / 201 = 10.55, 60 × 21 / 201 = 6.27, 40 × 21 / 201 = 4.18.
    assert len(sample) == 21
    assert counts == {3: 11, 5: 6, 9: 4}
    by_person = {entry["person"]: entry for entry in beneficiaries}
    for member in sample:
        assert member["stratum"] == min(by_person[member["person"]]["sessions"])


def test_the_same_seed_draws_the_same_people_and_another_seed_others():
    beneficiaries = _people(300, 1) + _people(200, 2)
    first = draw(seed="abc", beneficiaries=beneficiaries, share="0.05", minimum=10)
    assert (
        draw(seed="abc", beneficiaries=list(reversed(beneficiaries)), share="0.05", minimum=10)
        == first
    )
    assert draw(seed="abd", beneficiaries=beneficiaries, share="0.05", minimum=10) != first


# --- Drawing a request's sample --------------------------------------------------------------


def test_the_officer_draws_a_sample_that_redraws_identically_from_its_seed(
    sampled_request, officer, data
):
    sample, drawn = sample_draw(request=sampled_request, by=officer)
    assert drawn
    snapshot = sampled_request.evidence_snapshot
    programme = sampled_request.tranche.agreement.programme
    again = draw(
        seed=sample.seed,
        beneficiaries=snapshot["beneficiaries"],
        share=sample.share,
        minimum=sample.minimum,
    )
    assert sample.members == again
    assert len(sample.seed) == 32
    assert (sample.share, sample.minimum) == (programme.sample_share, programme.sample_minimum)
    assert sample.population == 4 and len(sample.members) == 4
    assert sample.snapshot_sha256 == sampled_request.evidence_sha256
    l1, l2, _l3, l4, _l5 = data["learners"]
    expected = {person_of(u) for u in (l1, l2, l4)} | {person_of(participant=data["walk_in"])}
    assert {m["person"] for m in sample.members} == expected
    assert sampling.redraw_matches(sample)
    entry = AuditLog.objects.get(action="sample.drawn")
    assert entry.after["seed"] == sample.seed and entry.after["size"] == 4


def test_drawing_twice_returns_the_first_sample_and_draws_nothing(
    sampled_request, officer, other_officer
):
    first, drawn = sample_draw(request=sampled_request, by=officer)
    again, drawn_again = sample_draw(request=sampled_request, by=other_officer)
    assert drawn and not drawn_again
    assert again.pk == first.pk and again.seed == first.seed
    assert BeneficiarySample.objects.count() == 1
    assert AuditLog.objects.filter(action="sample.drawn").count() == 1


def test_a_sample_drawn_meanwhile_is_returned_not_duplicated(
    sampled_request, officer, other_officer, monkeypatch
):
    """The race: the second draw's check ran before the first one's row existed; the
    one-to-one refuses the second row and the first sample stands."""
    first, _ = sample_draw(request=sampled_request, by=officer)
    real_filter = BeneficiarySample.objects.filter
    calls = []

    def filter_missing_once(*args, **kwargs):
        calls.append(1)
        return real_filter(pk=-1) if len(calls) == 1 else real_filter(*args, **kwargs)

    monkeypatch.setattr(BeneficiarySample.objects, "filter", filter_missing_once)
    again, drawn = sample_draw(request=sampled_request, by=other_officer)
    assert not drawn and again.pk == first.pk
    assert BeneficiarySample.objects.count() == 1


def test_a_request_submitted_without_its_beneficiaries_cannot_be_sampled(
    data, draft_request, association_admin, officer, monkeypatch
):
    freeze_beneficiaries(monkeypatch, present=False)
    fill_request(draft_request, association_admin)
    request = services.tranche_request_submit(request=draft_request, by=association_admin)
    monkeypatch.undo()
    assert "beneficiaries" not in request.evidence_snapshot
    with pytest.raises(ValidationError) as error:
        sample_draw(request=request, by=officer)
    assert error.value.code == "cannot_sample"
    assert not BeneficiarySample.objects.exists()
    context = sampling.review_context(tranche_request=request, user=officer)
    assert context["unavailable"] and not context["can_draw"]


def test_a_draft_is_not_sampled(data, draft_request, officer):
    with pytest.raises(ValidationError) as error:
        sample_draw(request=draft_request, by=officer)
    assert error.value.code == "not_in_review"


@pytest.mark.parametrize(
    "role", ["trainer", "association_admin", "finance", "auditor", "foreign_officer"]
)
def test_only_a_programme_officer_draws_or_records(role, request, sampled_request, officer):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        sample_draw(request=sampled_request, by=user)
    assert not BeneficiarySample.objects.exists()
    sample, _ = sample_draw(request=sampled_request, by=officer)
    with pytest.raises(PermissionDenied):
        sample_contact_record(
            sample=sample,
            person=sample.members[0]["person"],
            channel=Channel.PHONE,
            contacted_on=today(),
            outcome=Outcome.CONFIRMED,
            by=user,
        )
    assert not SampleContact.objects.exists()


# --- Recording contacts ----------------------------------------------------------------------


@pytest.fixture
def sample(sampled_request, officer):
    return sample_draw(request=sampled_request, by=officer)[0]


def _record(sample, by, person=None, **fields):
    values = {
        "person": person or sample.members[0]["person"],
        "channel": Channel.PHONE,
        "contacted_on": today(),
        "outcome": Outcome.CONFIRMED,
        "note": "",
        **fields,
    }
    return sample_contact_record(sample=sample, by=by, **values)


def test_a_contact_is_tied_to_the_learner_or_the_walk_in(sample, officer, data):
    l1 = data["learners"][0]
    contact = _record(sample, officer, person_of(l1), note="  Confirmed both sessions.  ")
    assert contact.learner == l1 and contact.participant is None
    assert contact.note == "Confirmed both sessions."
    walk_in = _record(sample, officer, person_of(participant=data["walk_in"]), channel="visit")
    assert walk_in.participant == data["walk_in"] and walk_in.learner is None
    entry = AuditLog.objects.filter(action="sample.contact_recorded").last()
    assert entry.after["person"] == person_of(participant=data["walk_in"])


def test_an_outcome_for_someone_outside_the_sample_is_refused(sample, officer, data):
    outsider = data["learners"][2]  # L3 was absent: not a beneficiary
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _record(sample, officer, person_of(outsider))
    assert error.value.code == "not_in_sample"
    with translation.override("en"):
        expected = gettext("This person is not in the sample: only sampled people are contacted.")
    assert error.value.messages == [expected]
    assert not SampleContact.objects.exists()


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"contacted_on": "tomorrow"}, "date_future"),
        ({"contacted_on": "before"}, "date_before_submission"),
        ({"contacted_on": "2024-05-01"}, "date_invalid"),
        ({"channel": "email"}, "channel_invalid"),
        ({"outcome": "maybe"}, "outcome_invalid"),
        ({"note": "x" * 1001}, "note_too_long"),
    ],
)
def test_bad_contact_input_is_refused_and_nothing_is_saved(sample, officer, fields, code):
    submitted = timezone.localdate(sample.request.submitted_at)
    days = {
        "tomorrow": today() + datetime.timedelta(days=1),
        "before": submitted - datetime.timedelta(days=1),
    }
    fields = {k: days.get(v, v) if k == "contacted_on" else v for k, v in fields.items()}
    with pytest.raises(ValidationError) as error:
        _record(sample, officer, **fields)
    assert error.value.code == code
    assert not SampleContact.objects.exists()
    assert not AuditLog.objects.filter(action="sample.contact_recorded").exists()


def test_only_the_officer_who_drew_records_the_contacts(sample, other_officer):
    with pytest.raises(PermissionDenied):
        _record(sample, other_officer)
    assert not SampleContact.objects.exists()


def test_the_confirmation_rate_after_two_outcomes_feeds_the_checklist(sample, officer):
    first, second = (m["person"] for m in sample.members[:2])
    _record(sample, officer, first, outcome=Outcome.UNREACHABLE)
    _record(sample, officer, first, outcome=Outcome.CONFIRMED)  # reached the next day
    _record(sample, officer, second, outcome=Outcome.DENIED, channel=Channel.VISIT)
    result = sampling.sample_outcome(sample.request)
    assert result["contacted"] == 2 and result["size"] == 4 and not result["complete"]
    assert (result["confirmed"], result["denied"], result["unreachable"]) == (1, 1, 0)
    assert result["rate"] == Decimal("0.50")
    context = sampling.review_context(tranche_request=sample.request, user=officer)
    assert context["exists"] and context["rate_percent"] == "50%"
    assert context["share_percent"] == "5%" and context["minimum"] == 10
    assert SampleContact.objects.count() == 3  # the superseded contact stays


def test_the_draw_document_holds_pseudonyms_only(sample, officer, data):
    l1 = data["learners"][0]
    _record(sample, officer, person_of(l1), note="Her sister answered")
    document = sampling.sample_document(sample.request)
    assert document["seed"] == sample.seed and document["members"] == sample.members
    assert document["rule"] == {"share": "0.05", "minimum": 10}
    assert document["snapshot_sha256"] == sample.request.evidence_sha256
    assert document["latest_outcomes"] == {person_of(l1): "confirmed"}
    assert document["result"]["rate"] == "1.00"
    text = json.dumps(document)
    assert l1.email not in text and "sister" not in text
    assert (l1.full_name_latin or l1.email) not in text


def test_my_data_shows_that_the_learner_was_contacted(sample, officer, data):
    l1 = data["learners"][0]
    _record(sample, officer, person_of(l1), channel=Channel.VISIT, outcome=Outcome.CONFIRMED)
    with translation.override("en"):
        rows = personal_data_export(user=l1)["sections"]["verification_contacts"]
        assert rows == [
            {
                "id": SampleContact.objects.get().pk,
                "agreement": sample.request.tranche.agreement.reference,
                "tranche": sample.request.tranche.number,
                "contacted_on": today(),
                "channel": gettext("Visit"),
                "outcome": gettext("Confirmed attending"),
                "note": "",
                "recorded_at": SampleContact.objects.get().recorded_at,
            }
        ]
    assert personal_data_export(user=data["learners"][1])["sections"]["verification_contacts"] == []
    drawn = personal_data_export(user=officer)["sections"]
    assert drawn["samples_drawn"][0]["id"] == sample.pk
    assert drawn["sample_contacts_recorded"][0]["as"] == "recorded_by"
