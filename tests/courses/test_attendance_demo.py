"""The demo attendance step: marks through the services, one correction, idempotent."""

import random

import pytest

from courses import demo_attendance
from courses.models import AttendanceRecord
from courses.services.attendance import attendance_chain_verify

pytestmark = pytest.mark.django_db


def test_the_demo_step_marks_a_past_session_once(trainer_association, trainer, learner):
    context = {
        "organisations": {"trainer_a": trainer_association},
        "users": {"learner@tamkeen.test": learner},
    }
    lines = []
    demo_attendance.seed(rng=random.Random(4), context=context, log=lines.append)
    records = AttendanceRecord.objects.all()
    assert records.count() == 4  # the learner, two walk-ins, one correction
    assert records.filter(method="correction").count() == 1
    session = records.first().session
    assert attendance_chain_verify(session=session) == []
    demo_attendance.seed(rng=random.Random(4), context=context, log=lines.append)
    assert AttendanceRecord.objects.count() == 4
