"""The grants part of the demo: built through the services, complete, idempotent."""

import random

import pytest

from accounts.models import User
from demo import organisations as organisations_demo
from demo.grants import agreements as grants_demo
from demo.seed import DEMO_PASSWORD
from grants.models import Agreement, AuditLog, Tranche, TrancheRequest

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


def test_tranches_and_payments_are_seeded_once():
    """Tranche 1 paid by finance@ for all but the agreements waiting for their transfer; the
    tranche-2 requests come later, once the sessions they report on are held (the whole demo,
    tests/demo/test_seed_demo.py)."""
    context = _seed()
    # The 2023 call (the 2025 call, paid 30/40/30, has its own test in test_seed_demo.py).
    tranches = Tranche.objects.filter(agreement__programme__year=2023)
    assert tranches.count() == 2 * 97
    paid = tranches.filter(number=1, status=Tranche.Status.PAID)
    assert paid.count() == 91
    assert set(paid.values_list("paid_by__email", flat=True)) == {"finance@tamkeen.test"}
    assert not TrancheRequest.objects.filter(tranche__agreement__programme__year=2023).exists()
    for agreement in context["organisations"]["trainer_a"].agreements.all():
        assert sum(t.amount for t in agreement.tranches.all()) == agreement.amount
    # The requests' authors are there from the start: they run their associations' sessions.
    assert User.objects.filter(email="association.review@tamkeen.test").exists()
    first = _state()
    _seed()
    assert _state() == first


def test_participatory_democracy_agreements_aim_at_no_certificates():
    """Awareness campaigns and dialogue meetings give no certificate; training does."""
    _seed()
    democracy = Agreement.objects.filter(programme__field="democracy")
    assert set(democracy.values_list("target_certificates", flat=True)) == {0}
    digital = Agreement.objects.filter(programme__field="digital")
    assert all(a.target_certificates > 0 for a in digital)
    assert all(5 <= a.target_sessions <= 12 for a in Agreement.objects.all())
