"""iCalendar: one file per session and a personal feed behind a signed token."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from courses.calendar import feed_token, feed_user_id
from courses.models import TrainingSession
from courses.services import registration_create

from ..factories.accounts import UserFactory
from ..factories.learning import TrainingSessionFactory

pytestmark = pytest.mark.django_db


def _events(response):
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def test_a_session_calendar_file(client):
    session = TrainingSessionFactory(title="ورشة الأمن الرقمي", venue="دار الشباب")
    response = client.get(reverse("courses:session_calendar", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    [event] = _events(response)
    assert str(event["summary"]) == "ورشة الأمن الرقمي"
    assert event.decoded("dtstart") == session.starts_at.replace(microsecond=0)
    assert event.decoded("dtend") == session.ends_at.replace(microsecond=0)
    assert "دار الشباب" in str(event["location"])
    assert str(event["uid"]).startswith(f"session-{session.pk}@")


def test_the_personal_feed_lists_confirmed_sessions_only(client, citizen):
    full = TrainingSessionFactory(capacity=1)
    mine = TrainingSessionFactory(
        title="حصتي",
        mode=TrainingSession.Mode.ONLINE,
        online_url="https://meet.example.org/x",
        venue="",
    )
    first = UserFactory()
    registration_create(session=full, learner=first, by=first)
    registration_create(session=full, learner=citizen, by=citizen)  # waiting list
    registration_create(session=mine, learner=citizen, by=citizen)
    url = reverse("courses:my_calendar_feed") + "?token=" + feed_token(user=citizen)
    response = client.get(url)
    assert response.status_code == 200
    [event] = _events(response)
    assert str(event["summary"]) == "حصتي"
    assert "https://meet.example.org/x" in str(event["location"])


def test_a_forged_or_missing_token_finds_nothing(client, citizen):
    url = reverse("courses:my_calendar_feed")
    assert client.get(url).status_code == 404
    assert client.get(url + "?token=" + str(citizen.pk)).status_code == 404
    assert client.get(url + "?token=" + f"{citizen.pk}:forged").status_code == 404
    assert feed_user_id(token=feed_token(user=citizen)) == citizen.pk
