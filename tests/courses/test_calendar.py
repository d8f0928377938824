"""iCalendar: one file per session, and a personal feed behind a private link that its owner
can replace (the old one stops at once) and that expires."""

from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from courses.calendar import FEED_SALT, feed_renew, feed_token
from courses.models import CalendarFeed, TrainingSession
from courses.services import registration_create

from ..factories.accounts import UserFactory
from ..factories.learning import TrainingSessionFactory

pytestmark = pytest.mark.django_db


def _events(response):
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def _my_learning(client):
    with translation.override("en"):
        return client.get(reverse("courses:my_learning"))


def _renew(client):
    with translation.override("en"):
        return client.post(reverse("courses:my_calendar_feed_renew"), follow=True)


def _feed_link(response) -> str | None:
    token = response.context["feed_token"]
    return reverse("courses:my_calendar_feed") + "?token=" + token if token else None


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
    client.force_login(citizen)
    _renew(client)
    url = _feed_link(_my_learning(client))
    client.logout()  # a calendar application has no session
    response = client.get(url)
    assert response.status_code == 200
    [event] = _events(response)
    assert str(event["summary"]) == "حصتي"
    assert "https://meet.example.org/x" in str(event["location"])


def test_a_link_is_made_on_request_then_shown_with_its_end_date(client, citizen):
    client.force_login(citizen)
    page = _my_learning(client)
    assert _feed_link(page) is None
    assert "Get my calendar link" in page.content.decode()
    page = _renew(client)
    assert "Your calendar link is ready." in page.content.decode()
    feed = CalendarFeed.objects.get(user=citizen)
    assert feed.expires_at == feed.created_at + timedelta(days=180)
    assert _feed_link(page) is not None
    assert "The link works until" in page.content.decode()


def test_a_new_link_stops_the_old_one_at_once(client, citizen):
    client.force_login(citizen)
    _renew(client)
    old = _feed_link(_my_learning(client))
    CalendarFeed.objects.filter(user=citizen).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )
    page = _renew(client)
    assert "The previous one no longer works" in page.content.decode()
    new = _feed_link(page)
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_pressing_the_button_twice_keeps_the_link_just_made(client, citizen):
    client.force_login(citizen)
    _renew(client)
    first = _feed_link(_my_learning(client))
    page = _renew(client)
    assert "just renewed" in page.content.decode()
    assert _feed_link(page) == first


def test_an_expired_link_answers_404_and_my_learning_says_to_make_a_new_one(
    client, citizen, settings
):
    settings.CALENDAR_FEED_VALID_DAYS = 30
    client.force_login(citizen)
    _renew(client)
    url = _feed_link(_my_learning(client))
    CalendarFeed.objects.filter(user=citizen).update(
        created_at=timezone.now() - timedelta(days=30, seconds=1)
    )
    assert client.get(url).status_code == 404
    page = _my_learning(client)
    assert _feed_link(page) is None
    assert "Your calendar link expired on" in page.content.decode()
    assert "Make a new calendar link" in page.content.decode()
    _renew(client)
    assert client.get(_feed_link(_my_learning(client))).status_code == 200


def test_renewing_needs_a_post_and_a_login(client, citizen):
    url = reverse("courses:my_calendar_feed_renew")
    assert client.post(url).status_code == 302  # to the login page
    assert not CalendarFeed.objects.exists()
    client.force_login(citizen)
    assert client.get(url).status_code == 405
    assert not CalendarFeed.objects.exists()


def test_a_forged_missing_or_old_style_token_finds_nothing(client, citizen):
    feed = feed_renew(user=citizen)
    url = reverse("courses:my_calendar_feed")
    assert client.get(url).status_code == 404
    assert client.get(url + "?token=" + str(citizen.pk)).status_code == 404
    assert client.get(url + "?token=" + f"{citizen.pk}:forged").status_code == 404
    # The key alone, without the site's signature, opens nothing.
    assert client.get(url + "?token=" + f"{citizen.pk}.{feed.key}").status_code == 404
    # Another person's key under a genuine signature opens nothing either.
    other = feed_renew(user=UserFactory())
    forged = signing.Signer(salt=FEED_SALT).sign(f"{citizen.pk}.{other.key}")
    assert client.get(url + "?token=" + forged).status_code == 404
    # Links of the earlier scheme (the id signed alone, never expiring) no longer open.
    legacy = signing.Signer(salt="courses.calendar-feed").sign(str(citizen.pk))
    assert client.get(url + "?token=" + legacy).status_code == 404
    assert client.get(url + "?token=" + feed_token(feed=feed)).status_code == 200


def test_a_closed_account_has_no_feed(client, citizen):
    feed = feed_renew(user=citizen)
    citizen.is_active = False
    citizen.save(update_fields=["is_active"])
    url = reverse("courses:my_calendar_feed") + "?token=" + feed_token(feed=feed)
    assert client.get(url).status_code == 404
