"""Training sessions: validation of dates, places and capacity."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from courses.models import TrainingSession
from courses.services import session_create
from organisations.models import Province

from ..factories.learning import TrainingSessionFactory, course_with_lessons

pytestmark = pytest.mark.django_db


def _fields(**overrides):
    province = Province.objects.order_by("code").first()
    start = timezone.now() + timedelta(days=3)
    fields = {
        "title_ar": "ورشة حماية المعطيات",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "mode": TrainingSession.Mode.IN_PERSON,
        "venue_ar": "دار الثقافة",
        "province": province,
        "capacity": 25,
    }
    fields.update(overrides)
    return fields


def test_an_in_person_session_takes_its_region_from_its_province(
    trainer_association, association_admin
):
    session = session_create(association=trainer_association, by=association_admin, **_fields())
    assert session.region == session.province.region
    assert session.status == TrainingSession.Status.SCHEDULED


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": timezone.now()}, "ends_at"),
        ({"venue_ar": ""}, "venue_ar"),
        ({"province": None}, "province"),
        ({"mode": TrainingSession.Mode.ONLINE, "online_url": ""}, "online_url"),
        ({"capacity": 0}, "capacity"),
    ],
)
def test_invalid_sessions_are_refused(trainer_association, association_admin, overrides, field):
    with pytest.raises(ValidationError) as caught:
        session_create(
            association=trainer_association, by=association_admin, **_fields(**overrides)
        )
    assert field in caught.value.message_dict


def test_an_online_session_needs_only_a_link(trainer_association, trainer):
    session = session_create(
        association=trainer_association,
        by=trainer,
        trainers=[trainer],
        **_fields(
            mode=TrainingSession.Mode.ONLINE,
            venue_ar="",
            province=None,
            online_url="https://meet.example.org/tamkeen",
            kind=TrainingSession.Kind.DIALOGUE,
        ),
    )
    assert list(session.trainers.all()) == [trainer]


def test_a_session_course_must_belong_to_the_association(
    trainer_association, other_trainer_association, association_admin
):
    course = course_with_lessons(association=other_trainer_association, lessons=0)[0]
    with pytest.raises(ValidationError):
        session_create(
            association=trainer_association, by=association_admin, **_fields(course=course)
        )


def test_only_the_association_schedules_its_sessions(trainer_association, learner, officer):
    for person in (learner, officer):
        with pytest.raises(PermissionDenied):
            session_create(association=trainer_association, by=person, **_fields())


def test_the_database_refuses_a_session_ending_before_it_starts():
    from django.db import IntegrityError, transaction

    session = TrainingSessionFactory()
    session.ends_at = session.starts_at - timedelta(hours=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()
