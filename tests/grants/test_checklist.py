"""The checklist computed from the frozen figures (#18): an officer cannot approve against
the figures without a written justification; claims are compared with the counts; the
snapshot holds chain heads, beneficiaries and claims and is signed."""

import datetime
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from grants import services
from grants.checklist import checklist_items
from grants.claims import claims_rows, clean_claims
from grants.models import (
    AuditLog,
    BeneficiarySample,
    SampleContact,
    Tranche,
    TrancheRequest,
    TrancheReview,
    snapshot_sha256,
)
from grants.signature import (
    detached_jws,
    detached_jws_verify,
    snapshot_bytes,
    snapshot_signature_verify,
)

from . import evidence_data
from .helpers import fill_request, judgements_only

pytestmark = pytest.mark.django_db
R = TrancheRequest.Status

# What evidence_data.build delivers: 2 sessions (a training, a dialogue meeting), 4
# beneficiaries of whom 3 women, 1 certificate, attendance 5 of 6.
COUNTED_CLAIMS = {
    "sessions": 2,
    "beneficiaries": 4,
    "women": 3,
    "certificates": 1,
    "sessions_training": 1,
    "sessions_awareness": 0,
    "sessions_dialogue": 1,
}


@pytest.fixture
def delivered(agreement):
    # Targets the story's figures miss: 2 of 10 sessions (20%), 4 of 133 beneficiaries (3%),
    # 1 of 300 certificates (0%); member associations 2 of 4 (50%, met).
    agreement.target_sessions = 10
    agreement.target_beneficiaries = 133
    agreement.target_member_associations = 4
    agreement.target_certificates = 300
    agreement.save()
    return evidence_data.build(agreement)


def _submitted(delivered, paid_tranches, association_admin, claims=COUNTED_CLAIMS):
    request = services.tranche_request_create(tranche=paid_tranches[1], by=association_admin)
    fill_request(request, association_admin, claims=claims)
    return services.tranche_request_submit(request=request, by=association_admin)


@pytest.fixture
def story_request(delivered, paid_tranches, association_admin):
    return _submitted(delivered, paid_tranches, association_admin)


def _items(request):
    return {item.code: item for item in checklist_items(TrancheRequest.objects.get(pk=request.pk))}


def test_figure_items_are_computed_from_the_frozen_snapshot(story_request):
    items = _items(story_request)
    assert not items["target_sessions"].met
    assert not items["target_beneficiaries"].met
    assert not items["target_certificates"].met
    assert items["target_member_associations"].met
    with translation.override("en"):
        items = _items(story_request)
    assert items["target_sessions"].numbers.startswith("20% of 10")
    assert items["target_beneficiaries"].numbers.startswith("3% of 133")
    assert items["target_certificates"].numbers.startswith("0% of 300")
    assert items["attendance_rate"].met  # 5 of 6 = 83% ≥ 60%
    assert items["narrative_present"].met and items["financial_present"].met
    assert items["claims"].met
    assert not items["sampling"].met  # no sample drawn
    assert items["narrative_report"].source == "judgement"


def _review_page(client, request, officer, data):
    client.force_login(officer)
    url = reverse("grants:request_review", args=[request.pk])
    return client.post(url, {"decision": "approve", **data})


def _all_met_post(request):
    """What the officer of the issue posted: every item "met", nothing justified."""
    data = {f"item_{item.code}": "yes" for item in checklist_items(request)}
    return data


def test_approving_against_the_figures_is_refused_naming_the_items(client, story_request, officer):
    response = _review_page(client, story_request, officer, _all_met_post(story_request))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    items = _items(story_request)
    for code in ("target_sessions", "target_beneficiaries", "target_certificates", "sampling"):
        assert items[code].label in errors
    assert TrancheRequest.objects.get(pk=story_request.pk).status == R.SUBMITTED
    assert not TrancheReview.objects.exists()


def test_a_posted_met_for_a_figure_item_is_ignored(story_request, officer):
    forged = {**judgements_only(), "target_sessions": (True, ""), "sampling": {"passed": True}}
    with pytest.raises(ValidationError) as error:
        services.tranche_request_review(
            request=story_request, by=officer, checklist=forged, decision="approve"
        )
    assert error.value.code == "checklist_failed"
    assert not TrancheReview.objects.exists()


def _overrides(request):
    return {
        item.code: f"Justified: {item.code} checked with the association."
        for item in checklist_items(request)
        if item.is_figure and not item.met
    }


def test_approval_with_justified_overrides_is_recorded_audited_and_shown_to_finance(
    client, story_request, officer, finance
):
    overrides = _overrides(story_request)
    data = {f"item_{code}": "yes" for code in ("narrative_report", "financial_report")}
    for code, text in overrides.items():
        data[f"override_{code}"] = "on"
        data[f"justification_{code}"] = text
    response = _review_page(client, story_request, officer, data)
    assert response.status_code == 302
    review = TrancheReview.objects.get(request=story_request)
    assert review.decision == "approve"
    sessions = review.checklist["target_sessions"]
    assert (sessions["met"], sessions["override"], sessions["passed"]) == (False, True, True)
    assert sessions["justification"] == overrides["target_sessions"]
    assert review.checklist["target_member_associations"]["override"] is False
    entry = AuditLog.objects.filter(action="tranche_request.approve").get()
    assert entry.after["overrides"] == overrides
    assert entry.after["checklist"]["sampling"]["justification"] == overrides["sampling"]
    assert Tranche.objects.get(pk=story_request.tranche_id).status == Tranche.Status.APPROVED
    client.force_login(finance)
    for name in ("finance_check", "request_detail"):
        page = client.get(reverse(f"grants:{name}", args=[story_request.pk]))
        assert page.status_code == 200
        assert overrides["target_beneficiaries"] in page.content.decode()


def test_an_override_without_justification_is_a_field_error_and_nothing_is_saved(
    client, story_request, officer
):
    data = {f"item_{code}": "yes" for code in ("narrative_report", "financial_report")}
    for code in _overrides(story_request):
        data[f"override_{code}"] = "on"
        data[f"justification_{code}"] = "Checked."
    data["justification_target_sessions"] = "   "
    response = _review_page(client, story_request, officer, data)
    assert response.status_code == 200
    assert response.context["form"].errors["justification_target_sessions"]
    assert not TrancheReview.objects.exists()
    assert TrancheRequest.objects.get(pk=story_request.pk).status == R.SUBMITTED


def test_the_service_refuses_an_override_without_justification(story_request, officer):
    checklist = {
        **judgements_only(),
        **{code: {"override": True, "justification": "ok"} for code in _overrides(story_request)},
        "target_sessions": {"override": True, "justification": ""},
    }
    with pytest.raises(ValidationError) as error:
        services.tranche_request_review(
            request=story_request, by=officer, checklist=checklist, decision="approve"
        )
    assert error.value.code == "justification_required"
    checklist["target_sessions"] = {"override": True, "justification": "x" * 1001}
    with pytest.raises(ValidationError) as error:
        services.tranche_request_review(
            request=story_request, by=officer, checklist=checklist, decision="approve"
        )
    assert error.value.code == "checklist_text_too_long"
    assert not TrancheReview.objects.exists()


def test_the_review_page_shows_sections_and_the_claims_gap(
    client, delivered, paid_tranches, association_admin, officer
):
    request = _submitted(
        delivered, paid_tranches, association_admin, {**COUNTED_CLAIMS, "beneficiaries": 160}
    )
    client.force_login(officer)
    response = client.get(reverse("grants:request_review", args=[request.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for anchor in ("summary", "checklist", "claims", "anomalies", "documents", "decision"):
        assert f'id="{anchor}"' in page and f'href="#{anchor}"' in page
    rows = {row.code: row for row in response.context["claims_rows"]}
    assert rows["beneficiaries"].flagged and rows["beneficiaries"].gap == 3900
    assert not rows["sessions"].flagged
    assert not {i.code: i for i in response.context["items"]}["claims"].met


# --- Claims --------------------------------------------------------------------------------


def _snapshot(beneficiaries):
    return {"figures": {"beneficiaries": beneficiaries}, "sessions_by_kind": {}}


def test_a_claim_above_the_tolerance_is_flagged_and_one_below_is_not():
    rows = claims_rows(claims={"beneficiaries": 160}, snapshot=_snapshot(18), tolerance="0.10")
    flagged = {row.code: row for row in rows}["beneficiaries"]
    assert flagged.flagged and flagged.counted == 18
    rows = claims_rows(claims={"beneficiaries": 19}, snapshot=_snapshot(18), tolerance="0.10")
    within = {row.code: row for row in rows}["beneficiaries"]
    assert not within.flagged and str(within.gap) == "5.6"


def test_a_positive_claim_where_nothing_was_counted_is_flagged():
    rows = {
        r.code: r
        for r in claims_rows(claims={"beneficiaries": 1}, snapshot=_snapshot(0), tolerance=1)
    }
    assert rows["beneficiaries"].flagged and rows["beneficiaries"].gap is None
    rows = {
        r.code: r
        for r in claims_rows(claims={"beneficiaries": 0}, snapshot=_snapshot(0), tolerance=0)
    }
    assert not rows["beneficiaries"].flagged


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("douze", "claims_not_integer"),
        ("1.5", "claims_not_integer"),
        (-1, "claims_out_of_range"),
        (10**7, "claims_out_of_range"),
        (True, "claims_not_integer"),
    ],
)
def test_bad_claims_are_refused(value, code):
    with pytest.raises(ValidationError) as error:
        clean_claims({"sessions": value})
    assert error.value.code == code


def test_the_request_form_refuses_a_negative_claim_and_saves_nothing(
    client, draft_request, association_admin
):
    client.force_login(association_admin)
    url = reverse("grants:request_edit", args=[draft_request.pk])
    form = client.get(url).context
    data = {
        "sections-TOTAL_FORMS": "4",
        "sections-INITIAL_FORMS": "4",
        "lines-TOTAL_FORMS": "0",
        "lines-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "claims-sessions": "-3",
        "claims-beneficiaries": "12",
        "action": "save",
    }
    for index, section in enumerate(form["section_formset"].initial):
        data[f"sections-{index}-kind"] = section["kind"]
        data[f"sections-{index}-text"] = "Texte"
    with translation.override("en"):
        response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["claims_form"].errors["sessions"]
    assert TrancheRequest.objects.get(pk=draft_request.pk).claims == {}
    data["claims-sessions"] = "3"
    assert client.post(url, data).status_code == 302
    assert TrancheRequest.objects.get(pk=draft_request.pk).claims == {
        "sessions": 3,
        "beneficiaries": 12,
    }


# --- The signed snapshot -------------------------------------------------------------------


def test_the_snapshot_carries_chains_beneficiaries_and_claims_and_verifies(story_request):
    request = TrancheRequest.objects.get(pk=story_request.pk)
    snapshot = request.evidence_snapshot
    assert snapshot["claims"] == COUNTED_CLAIMS
    assert len(snapshot["beneficiaries"]) == snapshot["figures"]["beneficiaries"] == 4
    people = [b["person"] for b in snapshot["beneficiaries"]]
    assert people == sorted(people)
    sessions = {s for b in snapshot["beneficiaries"] for s in b["sessions"]}
    assert set(snapshot["chains"]) == {str(pk) for pk in sessions}
    assert all(head["head"] and head["records"] for head in snapshot["chains"].values())
    assert snapshot["sessions_by_kind"]["dialogue"] == 1
    header, empty, _signature = request.evidence_signature.split(".")
    assert empty == "" and header
    assert snapshot_signature_verify(request) == (True, "valid")


def _raw_update(request, snapshot, sha=None):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE grants_trancherequest SET evidence_snapshot = %s, evidence_sha256 = %s "
            "WHERE id = %s",
            [json.dumps(snapshot), sha or request.evidence_sha256, request.pk],
        )


def test_one_changed_byte_of_the_stored_snapshot_fails_the_signature(
    client, story_request, auditor
):
    request = TrancheRequest.objects.get(pk=story_request.pk)
    snapshot = request.evidence_snapshot
    snapshot["figures"]["beneficiaries"] = 5  # "4" → "5": one byte of the canonical JSON
    _raw_update(request, snapshot)
    altered = TrancheRequest.objects.get(pk=request.pk)
    assert not altered.snapshot_is_intact()
    assert snapshot_signature_verify(altered) == (False, "bad_signature")
    # Recomputing the SHA-256 as well does not help: the signature still fails.
    _raw_update(request, snapshot, sha=snapshot_sha256(snapshot))
    rehashed = TrancheRequest.objects.get(pk=request.pk)
    assert rehashed.snapshot_is_intact()
    assert snapshot_signature_verify(rehashed) == (False, "bad_signature")
    client.force_login(auditor)
    response = client.get(reverse("grants:request_detail", args=[request.pk]))
    assert response.context["integrity"]["signature_ok"] is False


def test_a_signature_by_an_unknown_key_is_refused(story_request):
    from certificates.signing import b64url

    request = TrancheRequest.objects.get(pk=story_request.pk)
    payload = snapshot_bytes(request.evidence_snapshot)
    stranger = Ed25519PrivateKey.generate()
    header = b64url(b'{"alg":"EdDSA","kid":"https://elsewhere.example/keys/xyz"}')
    signature = b64url(stranger.sign(f"{header}.{b64url(payload)}".encode()))
    assert detached_jws_verify(f"{header}..{signature}", payload) == (False, "unknown_key")
    # The platform's kid with another key's signature: a bad signature.
    real_header = request.evidence_signature.split(".")[0]
    forged = b64url(stranger.sign(f"{real_header}.{b64url(payload)}".encode()))
    assert detached_jws_verify(f"{real_header}..{forged}", payload) == (False, "bad_signature")
    assert detached_jws_verify("not a token", payload) == (False, "malformed")
    assert detached_jws_verify(detached_jws(payload), payload) == (True, "valid")
    with translation.override("en"):
        assert gettext("The signature does not match the evidence.")


# --- Sampling ------------------------------------------------------------------------------


def _sample(request, officer, outcomes):
    request = TrancheRequest.objects.get(pk=request.pk)
    people = [b["person"] for b in request.evidence_snapshot["beneficiaries"]]
    sample = BeneficiarySample.objects.create(
        request=request,
        seed="0" * 64,
        share="0.05",
        minimum=len(people),
        population=len(people),
        members=[{"person": p, "stratum": 0} for p in people],
        snapshot_sha256=request.evidence_sha256,
        drawn_by=officer,
    )
    for person, outcome in zip(people, outcomes, strict=False):
        SampleContact.objects.create(
            sample=sample,
            person=person,
            channel=SampleContact.Channel.PHONE,
            contacted_on=datetime.date(2024, 9, 1),
            outcome=outcome,
            recorded_by=officer,
        )
    return request


def test_the_sampling_item_is_met_when_everyone_answered_and_enough_confirm(story_request, officer):
    outcome = SampleContact.Outcome
    request = _sample(story_request, officer, [outcome.CONFIRMED] * 4)
    assert _items(request)["sampling"].met


def test_the_sampling_item_is_not_met_while_incomplete_or_below_the_rate(
    delivered, paid_tranches, association_admin, officer
):
    outcome = SampleContact.Outcome
    request = _submitted(delivered, paid_tranches, association_admin)
    _sample(request, officer, [outcome.CONFIRMED] * 3)  # one not contacted
    assert not _items(request)["sampling"].met
    SampleContact.objects.create(
        sample=request.sample,
        person=request.evidence_snapshot["beneficiaries"][3]["person"],
        channel=SampleContact.Channel.VISIT,
        contacted_on=datetime.date(2024, 9, 2),
        outcome=outcome.DENIED,
        recorded_by=officer,
    )
    item = _items(request)["sampling"]
    assert not item.met  # 3 of 4 = 75% < 80%
    with translation.override("en"):
        assert "75%" in _items(request)["sampling"].numbers
