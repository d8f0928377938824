"""The demo data set, step by step. Each app contributes a ``demo`` module with a ``seed``
function; they run in dependency order and each is idempotent."""

from certificates import demo as certificates_demo
from cms import demo as cms_demo
from courses import demo as courses_demo
from courses import demo_attendance, demo_learning
from grants import demo as grants_demo
from organisations import demo as organisations_demo

DEMO_PASSWORD = "Tamkeen-demo-2026"  # noqa: S105 - published in the README, demo only  # nosec B105

STEPS = [
    organisations_demo.seed,
    grants_demo.seed,
    cms_demo.seed,
    courses_demo.seed,
    demo_learning.seed,
    demo_attendance.seed,
    certificates_demo.seed,
]


def seed(*, rng, log) -> list[str]:
    context: dict = {"password": DEMO_PASSWORD}
    for step in STEPS:
        step(rng=rng, context=context, log=log)
    return [f"  {email:<34} {role}" for email, role in context.get("accounts", [])] + [
        f"  password for every demo account: {DEMO_PASSWORD}"
    ]
