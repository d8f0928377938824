"""The demo data set, step by step: one module per app here, each with a ``seed`` function;
they run in dependency order and each is idempotent."""

import random
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.test.utils import override_settings

from . import calls as calls_demo
from . import certificates, cms, organisations
from .courses import attendance, catalogue, learning
from .grants import agreements, budgets, progress

DEMO_PASSWORD = "Tamkeen-demo-2026"  # noqa: S105 - published in the README, demo only  # nosec B105

STEPS = [
    organisations.seed,
    agreements.seed,
    cms.seed,
    catalogue.seed,
    learning.seed,
    progress.seed,
    budgets.seed,  # after the requests: their expenses go on the budget lines (#17)
    attendance.seed,
    certificates.seed,
    calls_demo.seed,
]


@contextmanager
def _caches_in_memory():
    """Each row written tells the dashboard's and the public pages' caches that their figures
    changed: a cache write per row, some 13,000 files with the embedded default's file cache,
    a third of the seeding time. The steps run against local-memory caches instead, and the
    real ones are told once the data is committed, by dropping both generations (the next
    view draws a new one and computes afresh)."""
    from grants.dashboard import EVIDENCE_GENERATION_KEY

    from .signals import data_seeded

    memory = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in settings.CACHES
    }
    with override_settings(CACHES=memory):
        yield

    def invalidate():
        caches["default"].delete(EVIDENCE_GENERATION_KEY)
        data_seeded.send(sender=None)

    transaction.on_commit(invalidate)


def seed(*, rng, log) -> list[str]:
    # A number fixed by the seed alone, for steps whose draws must not depend on what the
    # steps before them created this time (they draw nothing when already seeded).
    fork = random.Random()  # noqa: S311 - demo data
    fork.setstate(rng.getstate())
    token = fork.getrandbits(32)
    context: dict = {"password": DEMO_PASSWORD, "seed_token": token}
    with _caches_in_memory():
        for step in STEPS:
            step(rng=rng, context=context, log=log)
    return [f"  {email:<34} {role}" for email, role in context.get("accounts", [])] + [
        f"  password for every demo account: {DEMO_PASSWORD}"
    ]
