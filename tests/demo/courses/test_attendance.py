"""The demo attendance step: yesterday's roll call through the services, dated during the
session, one excused absence, no anomaly flag, idempotent."""

import random
from datetime import timedelta

import pytest

from courses.attendance.flags import session_flags
from courses.attendance.services import attendance_chain_verify
from courses.models import AttendanceRecord, SessionRegistration
from demo.courses import attendance as demo_attendance

from ...factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_step_marks_yesterdays_session_once(trainer_association, trainer, learner):
    regulars = [UserFactory() for _ in range(9)]
    context = {
        "organisations": {"trainer_a": trainer_association},
        "users": {"learner@tamkeen.test": learner},
        "regulars": {trainer_association.pk: regulars},
    }
    lines = []
    demo_attendance.seed(rng=random.Random(4), context=context, log=lines.append)
    records = AttendanceRecord.objects.all()
    session = records.first().session
    assert records.filter(learner=learner, status="present").exists()
    assert records.filter(method="correction", status="excused").count() == 1
    assert records.filter(participant__isnull=False).exists()  # a walk-in took a free seat
    assert SessionRegistration.objects.filter(session=session).count() == 10
    assert all(
        session.starts_at <= r.recorded_at <= session.ends_at + timedelta(hours=3) for r in records
    )
    assert attendance_chain_verify(session=session) == []
    assert session_flags(session=session) == []
    count = records.count()
    demo_attendance.seed(rng=random.Random(4), context=context, log=lines.append)
    assert AttendanceRecord.objects.count() == count
