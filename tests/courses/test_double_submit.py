"""Every learning form that creates something may be sent twice (a double tap, a reload, a
slow network): the second changes nothing and says so."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from courses.attendance import checkin
from courses.models import AttendanceRecord, Enrollment, SessionRegistration

from ..factories.attendance import session_now
from ..factories.learning import TrainingSessionFactory, course_with_lessons

pytestmark = pytest.mark.django_db


def _url(name, *args):
    with translation.override("en"):  # the English messages, whatever the translations say
        return reverse(name, args=args)


def _said(response) -> list[str]:
    """The messages the response carries (those of earlier unfollowed redirects first)."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def _twice(client, url, data=None, **kwargs):
    first = client.post(url, data or {}, **kwargs)
    return first, client.post(url, data or {}, **kwargs)


@pytest.fixture
def course(trainer_association):
    return course_with_lessons(association=trainer_association, lessons=1)[0]


@pytest.fixture
def session(trainer_association):
    return TrainingSessionFactory(association=trainer_association, capacity=5)


def test_registering_for_a_session_twice(client, citizen, session):
    client.force_login(citizen)
    first, second = _twice(client, _url("courses:session_register", session.pk))
    assert _said(first) == ["Your seat is confirmed."]
    assert _said(second)[-1:] == ["You are already registered for this session."]
    assert SessionRegistration.objects.filter(session=session, learner=citizen).count() == 1


def test_a_coordinator_registering_a_member_twice(
    client, coordinator, learner, member_association, session
):
    client.force_login(coordinator)
    data = {"register-learner": learner.pk, "register-session": session.pk}
    first, second = _twice(
        client, _url("courses:coordinator_register", member_association.pk), data
    )
    assert "already registered" not in _said(first)[0]
    assert _said(second)[-1:] == [f"{learner} is already registered for this session: Confirmed."]
    assert SessionRegistration.objects.filter(learner=learner).count() == 1


def test_enrolling_twice(client, citizen, course):
    client.force_login(citizen)
    first, second = _twice(client, _url("courses:course_enroll", course.pk))
    assert _said(first) == ["You are enrolled. Welcome to the course!"]
    assert _said(second)[-1:] == ["You are already enrolled in this course."]
    assert Enrollment.objects.filter(learner=citizen, course=course).count() == 1


def test_a_coordinator_enrolling_a_member_twice(
    client, coordinator, learner, member_association, course
):
    client.force_login(coordinator)
    data = {"learner": learner.pk, "course": course.pk}
    first, second = _twice(client, _url("courses:coordinator", member_association.pk), data)
    assert _said(first) == ["The member is enrolled."]
    assert _said(second)[-1:] == ["This member is already enrolled in this course."]
    assert Enrollment.objects.filter(learner=learner, course=course).count() == 1


def test_checking_in_twice(client, citizen, trainer_association):
    room = session_now(association=trainer_association)
    client.force_login(citizen)
    data = {"code": checkin.code_make(session_id=room.pk)}
    first, second = _twice(client, _url("attendance:check_in"), data)
    assert first.context["created"] and not second.context["created"]
    assert _said(second)[-1:] == ["You are already checked in."]
    assert AttendanceRecord.objects.filter(session=room, learner=citizen).count() == 1


def test_confirming_a_qr_check_in_twice(client, citizen, trainer_association):
    room = session_now(association=trainer_association)
    client.force_login(citizen)
    token = checkin.token_make(session_id=room.pk)
    data = {"pass": checkin.pass_make(session_id=room.pk, user_id=citizen.pk)}
    first, second = _twice(client, _url("attendance:check_in_token", token), data)
    assert first.status_code == second.status_code == 200
    assert _said(second)[-1:] == ["You are already checked in."]
    assert AttendanceRecord.objects.filter(session=room, learner=citizen).count() == 1
