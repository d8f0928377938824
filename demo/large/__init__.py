"""The large demo data set (``seed_demo --size large``), for benchmarks and load tests.

It goes on top of the small demo: the same ministry, 97 trainer associations and agreements,
plus, at scale 1, 400 member associations, 20,000 learners, 200 courses (100 of them also in
French), 3,000 held sessions with 150,000 attendance records and 15,000 certificates.

Unlike the small demo it is written with bulk inserts, not through the services, or it would
take hours; what the services guarantee is reproduced here on purpose:

* attendance records chain per session exactly as ``courses.attendance.services.marks._append`` does
  (same canonical content, same keyed HMAC, ordered by primary key), with a correction per
  session, and every session is closed and sealed with the chain head, so
  ``verify_attendance_chains`` passes;
* certificates carry the snapshot ``certificates.services._snapshot`` takes and a credential
  signed with the active key (``credentials.credential_sign``), and their enrollments are
  completed. Their PDFs are not drawn (WeasyPrint takes a fraction of a second a page:
  15,000 would take about an hour): ``pdf`` stays empty and the download answers 404 until
  ``certificates.services.certificate_documents_make`` draws them;
* course and lesson pages are real Wagtail pages (revision, publication, search index).

Every step runs in its own transaction and is skipped when its rows are already there, so
running the command again changes nothing. ``scale`` shrinks every count (tests use ~0.005);
a database seeded at one scale is not grown to another.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from django.db import transaction

from . import courses, learning, people, sessions

FULL = {
    "members": 400,
    "learners": 20_000,
    "courses": 200,
    "sessions": 3_000,
    "certificates": 15_000,
}
# Each session: this many learners marked, then one correction: 50 records a session.
MARKS_PER_SESSION = 49


@dataclass(frozen=True)
class Counts:
    members: int
    learners: int
    courses: int
    sessions: int
    certificates: int

    @classmethod
    def at(cls, scale: float) -> Counts:
        minimum = {"members": 2, "learners": 60, "courses": 2, "sessions": 4, "certificates": 5}
        return cls(**{k: max(minimum[k], round(v * scale)) for k, v in FULL.items()})


STEPS = [
    ("member associations and trainers", people.seed_organisations),
    ("learners", people.seed_learners),
    ("courses (Wagtail pages)", courses.seed_courses),
    ("sessions and attendance", sessions.seed_sessions),
    ("enrollments, progress and certificates", learning.seed_learning),
]


def seed(*, scale: float = 1.0, seed: int = 2023, log=print) -> dict:
    """Add the large data set; returns the counts it aimed at."""
    counts = Counts.at(scale)
    log(
        f"Large data set at scale {scale:g}: {counts.members} member associations, "
        f"{counts.learners} learners, {counts.courses} courses, {counts.sessions} sessions "
        f"({counts.sessions * (MARKS_PER_SESSION + 1)} attendance records), "
        f"{counts.certificates} certificates."
    )
    context: dict = {"counts": counts}
    total = time.monotonic()
    for number, (name, step) in enumerate(STEPS, 1):
        started = time.monotonic()
        with transaction.atomic():
            message = step(rng=random.Random(f"{seed}:{name}"), counts=counts, context=context)
        log(f"  [{number}/{len(STEPS)}] {name}: {message} ({time.monotonic() - started:.1f} s)")
    log(f"Large data set ready in {time.monotonic() - total:.1f} s.")
    return counts.__dict__
