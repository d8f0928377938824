"""Demo attendance: the demo sessions already held get their roll call, through the services,
with one correction. A session held yesterday is scheduled for trainer association A (the
demo learner and two walk-ins attended), so the roll call, the sheet and the figures have
something to show. Running it again changes nothing. Runs after
``courses.demo_learning``."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from organisations.models import Membership

from .models import AttendanceRecord, CoursePage, SessionRegistration, TrainingSession
from .services import session_create
from .services.attendance import attendance_correct, attendance_mark, walk_in_add

Status = AttendanceRecord.Status
PAST_TITLE = "حصة تكوينية منعقدة: حماية المعطيات الشخصية للجمعيات"
WALK_INS = [
    ("نادية الإدريسي", "Nadia Idrissi", "female", 1990),
    ("عمر بناني", "Omar Bennani", "male", 1985),
]


def _status(rng) -> str:
    return rng.choices(
        [Status.PRESENT, Status.LATE, Status.ABSENT, Status.EXCUSED], weights=[70, 10, 15, 5]
    )[0]


def _past_session(*, context):
    existing = TrainingSession.objects.filter(title=PAST_TITLE).first()
    if existing:
        return existing
    association = context.get("organisations", {}).get("trainer_a")
    if association is None:
        return None
    by = _marker_for(association)
    if by is None:
        return None
    starts_at = (timezone.localtime() - timedelta(days=1)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    return session_create(
        association=association,
        by=by,
        trainers=[by],
        course=CoursePage.objects.live().filter(association=association).order_by("path").first(),
        title=PAST_TITLE,
        audience="أعضاء مكاتب الجمعيات",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        venue="دار الشباب",
        province=association.province,
        region=association.region,
        capacity=25,
    )


def _marker_for(association):
    membership = (
        Membership.objects.filter(
            organisation=association, role__in=[Membership.Role.TRAINER, Membership.Role.ADMIN]
        )
        .select_related("user")
        .order_by("role", "pk")
        .first()
    )
    return membership.user if membership else None


def seed(*, rng, context, log):
    now = timezone.now()
    sessions = list(
        TrainingSession.objects.filter(ends_at__lt=now)
        .exclude(status=TrainingSession.Status.CANCELLED)
        .select_related("association")
        .order_by("starts_at", "pk")
    )
    # The demo learner's own session (held yesterday) is always there, whatever other past
    # sessions other demo steps created.
    past = _past_session(context=context)
    if past and past not in sessions:
        sessions.append(past)
    marked = corrected = 0
    for session in sessions:
        if AttendanceRecord.objects.filter(session=session).exists():
            continue  # already seeded
        by = _marker_for(session.association)
        if by is None:
            continue
        learners = [
            r.learner
            for r in SessionRegistration.objects.filter(
                session=session, status=SessionRegistration.Status.CONFIRMED
            ).select_related("learner")
        ]
        demo_learner = context.get("users", {}).get("learner@tamkeen.test")
        if session.title == PAST_TITLE and demo_learner and demo_learner not in learners:
            learners.append(demo_learner)
        records = [
            attendance_mark(
                session=session, participant=person, status=_status(rng), method="roll_call", by=by
            )
            for person in learners
        ]
        for name_ar, name_latin, gender, birth_year in WALK_INS:
            walk_in_add(
                session=session,
                by=by,
                name_ar=name_ar,
                name_latin=name_latin,
                gender=gender,
                birth_year=birth_year,
            )
            marked += 1
        marked += len(records)
        if records and not corrected:
            first = records[0]
            new_status = Status.EXCUSED if first.status != Status.EXCUSED else Status.PRESENT
            attendance_correct(
                record=first, status=new_status, reason="شهادة طبية قُدمت بعد الحصة", by=by
            )
            corrected += 1
    log(f"Attendance: {marked} marks in {len(sessions)} past session(s), {corrected} correction.")
