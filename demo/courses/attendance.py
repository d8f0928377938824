"""Demo attendance of yesterday: trainer association A held a session the demo learner
attended, with some of the association's regulars and a walk-in or two; the roll call was
taken on the trainer's phone during the session and one absence was excused afterwards, but
the trainer has not closed the session yet (the roll call, the sheet and the closing form
have something to show). Every mark is dated at its session's time, through the services;
running it again changes nothing. Runs after ``demo.grants.progress``, which leaves each
association's regulars in ``context["regulars"]``."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from courses.attendance.services import attendance_correct, attendance_mark, walk_in_add
from courses.models import AttendanceRecord, CoursePage, SessionRegistration, TrainingSession
from courses.services import session_create
from organisations.models import Membership

Status = AttendanceRecord.Status
PAST_TITLE = "حصة تكوينية منعقدة: حماية المعطيات الشخصية للجمعيات"
PAST_TITLE_FR = "Séance de formation : protéger les données personnelles de l'association"
WALK_INS = [
    ("نادية الإدريسي", "Nadia Idrissi", "female", 1990),
    ("عمر بناني", "Omar Bennani", "male", 1985),
]
REGULARS = 9


def _status(rng) -> str:
    return rng.choices(
        [Status.PRESENT, Status.LATE, Status.ABSENT, Status.EXCUSED], weights=[70, 10, 15, 5]
    )[0]


def _past_session(*, association, by):
    existing = TrainingSession.objects.filter(title_ar=PAST_TITLE).first()
    if existing:
        return existing
    starts_at = (timezone.localtime() - timedelta(days=1)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    return session_create(
        association=association,
        by=by,
        trainers=[by],
        course=CoursePage.objects.live().filter(association=association).order_by("path").first(),
        title_ar=PAST_TITLE,
        title_fr=PAST_TITLE_FR,
        audience="أعضاء مكاتب الجمعيات",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        venue_ar="دار الشباب",
        venue_fr="Maison des jeunes",
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
        .order_by("-role", "pk")  # the trainer before the admin
        .first()
    )
    return membership.user if membership else None


def seed(*, rng, context, log):
    association = context.get("organisations", {}).get("trainer_a")
    learner = context.get("users", {}).get("learner@tamkeen.test")
    by = _marker_for(association) if association else None
    if by is None or learner is None:
        return
    session = _past_session(association=association, by=by)
    if AttendanceRecord.objects.filter(session=session).exists():
        log("Attendance: yesterday's session is marked already.")
        return
    regulars = [u for u in context.get("regulars", {}).get(association.pk, []) if u != learner]
    people = [learner, *regulars[:REGULARS]]
    # The seats were booked during the week before (registration closes at the start).
    SessionRegistration.objects.bulk_create(
        SessionRegistration(
            session=session,
            learner=person,
            status=SessionRegistration.Status.CONFIRMED,
            registered_by=person,
            created_at=session.starts_at - timedelta(days=2 + index % 5, hours=index % 7),
        )
        for index, person in enumerate(people)
        if not SessionRegistration.objects.filter(session=session, learner=person).exists()
    )
    # The demo learner came; of the others, one at least did not.
    statuses = [Status.PRESENT] + [_status(rng) for _ in people[1:]]
    if len(statuses) > 1 and all(s in AttendanceRecord.ATTENDED for s in statuses):
        statuses[-1] = Status.ABSENT
    start = session.starts_at + timedelta(minutes=5)
    records = [
        attendance_mark(
            session=session,
            participant=person,
            status=status,
            method=AttendanceRecord.Method.ROLL_CALL,
            by=by,
            recorded_at=start + timedelta(seconds=35 * index),
        )
        for index, (person, status) in enumerate(zip(people, statuses, strict=True))
    ]
    # Walk-ins take no-shows' seats: never more people in the room than seats booked.
    missing = sum(s not in AttendanceRecord.ATTENDED for s in statuses)
    for index, (name_ar, name_latin, gender, birth_year) in enumerate(WALK_INS[:missing]):
        walk_in_add(
            session=session,
            by=by,
            name_ar=name_ar,
            name_latin=name_latin,
            gender=gender,
            birth_year=birth_year,
            recorded_at=session.starts_at + timedelta(minutes=20, seconds=30 * index),
        )
    absent = next((r for r in records if r.status == Status.ABSENT), None)
    if absent is not None:
        attendance_correct(
            record=absent,
            status=Status.EXCUSED,
            reason="شهادة طبية قُدمت بعد الحصة",
            by=by,
            recorded_at=min(timezone.now(), session.ends_at + timedelta(hours=2)),
        )
    count = AttendanceRecord.objects.filter(session=session).count()
    log(f"Attendance: {count} records at yesterday's session of association A.")
