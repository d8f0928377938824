"""3,000 held sessions (at scale 1) between February 2024 and last week, each with 49
registered learners marked (roll call or QR code), one correction, and the closing report.

The records of a session form the hash chain ``courses.attendance.services.marks._append`` builds:
each one's ``previous_hash`` is the previous record's ``content_hash`` in primary-key order,
and ``content_hash`` is its HMAC under the current evidence key (``AttendanceRecord.link``);
each closed session has its seal (``ChainSeal``, reason closed). Marks are inserted first, session
by session in order (so their keys ascend), then the corrections, whose ``supersedes`` needs
the keys of the marks: a correction is always its session's last link, as in real use.
"""

from __future__ import annotations

import datetime
import hashlib

from django.utils import timezone

from accounts.models import User
from core.evidence_keys import current_key_id
from courses.models import (
    AttendanceRecord,
    ChainSeal,
    CoursePage,
    SessionRegistration,
    SessionReport,
    TrainingSession,
)

from .courses import large_courses
from .people import DOMAIN, large_learners, trainer_email

BATCH = 2000
CHUNK = 150  # sessions per round of inserts
MARKS = 49
FIRST_DAY = datetime.date(2024, 2, 1)
Status = AttendanceRecord.Status
Method = AttendanceRecord.Method
STATUS_WEIGHTS = ([Status.PRESENT, Status.LATE, Status.ABSENT, Status.EXCUSED], [70, 10, 15, 5])
# In Arabic and in French (the session pages show the reader's language).
PREFIX = {
    TrainingSession.Kind.TRAINING: ("حصة تكوينية", "Séance de formation"),
    TrainingSession.Kind.AWARENESS: ("لقاء تحسيسي", "Rencontre de sensibilisation"),
    TrainingSession.Kind.DIALOGUE: ("لقاء للحوار الترابي", "Dialogue territorial"),
}
VENUES = [
    ("دار الشباب", "Maison des jeunes"),
    ("المركب الثقافي", "Complexe culturel"),
    ("مقر الجماعة", "Siège de la commune"),
    ("دار المواطن", "Maison du citoyen"),
    ("دار الجمعيات", "Maison des associations"),
]
REASON = "تصحيح بعد مراجعة ورقة الحضور الموقعة"


def session_marker(number: int) -> str:
    return f" · L{number:04d}"


def _days(rng, last_day: datetime.date) -> int:
    return rng.randrange(0, max(1, (last_day - FIRST_DAY).days))


def _session(number, *, rng, association, course, last_day, french_titles) -> TrainingSession:
    if course is not None and number % 4:
        kind = TrainingSession.Kind.TRAINING
    else:
        kind = [TrainingSession.Kind.AWARENESS, TrainingSession.Kind.DIALOGUE][number % 2]
        course = None
    day = FIRST_DAY + datetime.timedelta(days=_days(rng, last_day))
    starts_at = timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(rng.choice([9, 10, 14, 15]), 0))
    )
    topic_ar = course.title if course else association.name_ar
    topic_fr = association.name_fr if course is None else french_titles.get(course.pk, "")
    prefix_ar, prefix_fr = PREFIX[kind]
    venue_ar, venue_fr = rng.choice(VENUES)
    marker = session_marker(number)
    return TrainingSession(
        kind=kind,
        course=course,
        association=association,
        title_ar=f"{prefix_ar}: {topic_ar}"[:190] + marker,
        title_fr=(f"{prefix_fr} : {topic_fr}" if topic_fr else prefix_fr)[:190] + marker,
        audience="أعضاء الجمعيات والمواطنون",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        venue_ar=venue_ar,
        venue_fr=venue_fr,
        province_id=association.province_id,
        region_id=association.region_id,
        capacity=60,
        status=TrainingSession.Status.HELD,
        created_at=starts_at - datetime.timedelta(days=21),
    )


def _chain(session, *, rng, learners, trainer_id) -> tuple[list, dict]:
    """The session's marks, chained; returns (records, state for the correction)."""
    records = []
    previous = ""
    key_id = current_key_id()
    moment = session.starts_at - datetime.timedelta(minutes=10)
    for learner_id in learners:
        moment += datetime.timedelta(
            seconds=rng.randrange(5, 40), microseconds=rng.randrange(10**6)
        )
        by_qr = rng.random() < 0.25
        record = AttendanceRecord(
            session_id=session.pk,
            learner_id=learner_id,
            status=Status.PRESENT if by_qr else rng.choices(*STATUS_WEIGHTS)[0],
            method=Method.QR if by_qr else Method.ROLL_CALL,
            recorded_by_id=learner_id if by_qr else trainer_id,
            recorded_at=moment,
            device_hash=hashlib.sha256(f"device:{learner_id}".encode()).hexdigest()
            if by_qr
            else "",
            reason="",
        )
        previous = record.link(previous_hash=previous, key_id=key_id)
        records.append(record)
    return records


def _correction(session, records, *, trainer_id) -> AttendanceRecord:
    first = records[0]
    record = AttendanceRecord(
        session_id=session.pk,
        learner_id=first.learner_id,
        status=Status.EXCUSED if first.status != Status.EXCUSED else Status.PRESENT,
        method=Method.CORRECTION,
        recorded_by_id=trainer_id,
        recorded_at=session.ends_at + datetime.timedelta(days=1),
        device_hash="",
        supersedes_id=first.pk,
        reason=REASON,
    )
    record.link(previous_hash=records[-1].content_hash)
    return record


def _headcount(records, correction) -> int:
    statuses = {r.learner_id: r.status for r in records}
    statuses[correction.learner_id] = correction.status
    return sum(1 for status in statuses.values() if status in AttendanceRecord.ATTENDED)


def _french_titles(courses) -> dict[int, str]:
    """Course id → the title of its French translation (one query; "" when it has none)."""
    by_key = dict(
        CoursePage.objects.filter(
            locale__language_code="fr", translation_key__in=[c.translation_key for c in courses]
        ).values_list("translation_key", "title")
    )
    return {course.pk: by_key.get(course.translation_key, "") for course in courses}


def seed_sessions(*, rng, counts, context) -> str:
    if TrainingSession.objects.filter(title_ar__endswith=session_marker(1)).exists():
        return "already there, skipped"
    trainers = context["trainers"]
    staff = dict(
        User.objects.filter(email__endswith=f"@{DOMAIN}", email__startswith="trainer.").values_list(
            "email", "pk"
        )
    )
    trainer_of = {a.pk: staff[trainer_email(a)] for a in trainers}
    courses_of: dict[int, list] = {}
    courses = large_courses()
    for course in courses:
        courses_of.setdefault(course.association_id, []).append(course)
    french_titles = _french_titles(courses)
    learner_ids = [user_id for user_id, _member in large_learners()]
    marks = min(MARKS, len(learner_ids))
    last_day = timezone.localdate() - datetime.timedelta(days=7)

    sessions = []
    for number in range(1, counts.sessions + 1):
        association = trainers[(number - 1) % len(trainers)]
        options = courses_of.get(association.pk) or [None]
        sessions.append(
            _session(
                number,
                rng=rng,
                association=association,
                course=rng.choice(options),
                last_day=last_day,
                french_titles=french_titles,
            )
        )
    TrainingSession.objects.bulk_create(sessions, batch_size=BATCH)
    TrainingSession.trainers.through.objects.bulk_create(
        [
            TrainingSession.trainers.through(
                trainingsession_id=s.pk, user_id=trainer_of[s.association_id]
            )
            for s in sessions
        ],
        batch_size=BATCH,
    )
    total = 0
    for start in range(0, len(sessions), CHUNK):
        total += _attendance(
            sessions[start : start + CHUNK],
            rng=rng,
            learner_ids=learner_ids,
            marks=marks,
            trainer_of=trainer_of,
        )
    return f"{len(sessions)} held sessions, {total} attendance records, chains closed"


def _attendance(sessions, *, rng, learner_ids, marks, trainer_of) -> int:
    registrations, chains = [], []
    for session in sessions:
        learners = rng.sample(learner_ids, marks)
        registrations += [
            SessionRegistration(
                session_id=session.pk,
                learner_id=learner_id,
                status=SessionRegistration.Status.CONFIRMED,
                registered_by_id=learner_id,
                created_at=session.starts_at - datetime.timedelta(days=rng.randrange(2, 20)),
            )
            for learner_id in learners
        ]
        trainer_id = trainer_of[session.association_id]
        chains.append(_chain(session, rng=rng, learners=learners, trainer_id=trainer_id))
    SessionRegistration.objects.bulk_create(registrations, batch_size=BATCH)
    # One INSERT per session's run of rows, in order: keys ascend along each chain.
    AttendanceRecord.objects.bulk_create([r for chain in chains for r in chain], batch_size=BATCH)
    corrections = [
        _correction(session, chain, trainer_id=trainer_of[session.association_id])
        for session, chain in zip(sessions, chains, strict=True)
    ]
    AttendanceRecord.objects.bulk_create(corrections, batch_size=BATCH)
    SessionReport.objects.bulk_create(
        [
            SessionReport(
                session_id=session.pk,
                headcount=_headcount(chain, correction),
                report="انعقدت الحصة كما هو مبرمج.",
                chain_head=correction.content_hash,
                closed_by_id=trainer_of[session.association_id],
                closed_at=session.ends_at + datetime.timedelta(days=2),
            )
            for session, chain, correction in zip(sessions, chains, corrections, strict=True)
        ],
        batch_size=BATCH,
    )
    key_id = current_key_id()
    seals = []
    for session, chain, correction in zip(sessions, chains, corrections, strict=True):
        seal = ChainSeal(
            session_id=session.pk,
            head=correction.content_hash,
            records=len(chain) + 1,
            reason=ChainSeal.Reason.CLOSED,
            sealed_at=session.ends_at + datetime.timedelta(days=2),
        )
        seal.sign(key_id=key_id)
        seals.append(seal)
    ChainSeal.objects.bulk_create(seals, batch_size=BATCH)
    return sum(len(chain) for chain in chains) + len(corrections)
