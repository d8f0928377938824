"""iCalendar files: one per session, and each learner's personal feed of confirmed sessions.

The feed is fetched by calendar applications that carry no session cookie, so it is
authenticated by a per-user signed token in its URL.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.utils import timezone
from icalendar import Calendar, Event

FEED_SALT = "courses.calendar-feed"


def feed_token(*, user) -> str:
    return signing.Signer(salt=FEED_SALT).sign(str(user.pk))


def feed_user_id(*, token: str) -> int | None:
    """The user a feed token was made for, or None when it is not genuine."""
    try:
        return int(signing.Signer(salt=FEED_SALT).unsign(token))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Tamkeen//Sessions//AR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(session) -> Event:
    event = Event()
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    event.add("uid", f"session-{session.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", session.title)
    url = settings.SITE_URL + session.get_absolute_url()
    event.add("url", url)
    description = [session.description, url] if session.description else [url]
    if session.mode == session.Mode.ONLINE:
        event.add("location", session.online_url)
        description.insert(0, session.online_url)
    else:
        place = [session.venue]
        if session.commune_id:
            place.append(session.commune.name)
        if session.province_id:
            place.append(session.province.name)
        event.add("location", ", ".join(p for p in place if p))
    event.add("description", "\n".join(description))
    event.add("status", "CANCELLED" if session.status == session.Status.CANCELLED else "CONFIRMED")
    return event


def session_ical(session) -> bytes:
    calendar = _calendar(session.title)
    calendar.add_component(_event(session))
    return calendar.to_ical()


def sessions_ical(sessions, *, name: str) -> bytes:
    calendar = _calendar(name)
    for session in sessions:
        calendar.add_component(_event(session))
    return calendar.to_ical()
