"""The grants part of the demo: built through the services, complete, idempotent."""

import random

import pytest

from grants import demo as grants_demo
from grants.models import AuditLog, Tranche, TrancheRequest
from lms.demo import DEMO_PASSWORD
from organisations import demo as organisations_demo

pytestmark = pytest.mark.django_db


def _seed():
    context = {"password": DEMO_PASSWORD}
    rng = random.Random(2023)
    for step in (organisations_demo.seed, grants_demo.seed):
        step(rng=rng, context=context, log=lambda _message: None)
    return context


def _state():
    return (
        list(Tranche.objects.order_by("pk").values_list("status", "amount", "paid_by")),
        list(TrancheRequest.objects.order_by("pk").values_list("status", "version")),
        AuditLog.objects.count(),
    )


def test_tranches_payments_and_requests_are_seeded_once():
    context = _seed()
    assert Tranche.objects.count() == 2 * 97
    paid = Tranche.objects.filter(number=1, status=Tranche.Status.PAID)
    assert paid.count() > 85
    assert set(paid.values_list("paid_by__email", flat=True)) == {"finance@tamkeen.test"}
    statuses = {
        r.tranche.agreement.association_id: r.status
        for r in TrancheRequest.objects.select_related("tranche__agreement")
    }
    assert statuses[context["organisations"]["trainer_a"].pk] == TrancheRequest.Status.DRAFT
    assert sorted(statuses.values()) == ["changes_requested", "draft", "submitted"]
    for agreement in context["organisations"]["trainer_a"].agreements.all():
        assert sum(t.amount for t in agreement.tranches.all()) == agreement.amount
    first = _state()
    _seed()
    assert _state() == first


def test_the_agreement_under_review_has_real_evidence():
    """The submitted request's agreement has sessions held and beneficiaries, frozen in its
    snapshot; no evidence pack is queued at seed time."""
    from grants.models import EvidencePack

    _seed()
    request = TrancheRequest.objects.get(status=TrancheRequest.Status.SUBMITTED)
    figures = request.evidence_snapshot["figures"]
    assert figures["sessions"] == 4
    assert figures["beneficiaries"] > 5
    assert figures["attendance"]["attended"] > 0
    assert not EvidencePack.objects.exists()
