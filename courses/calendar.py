"""iCalendar files: one per session, and each learner's personal feed of confirmed sessions.

The feed is fetched by calendar applications that carry no session cookie, so it is
authenticated by a token in its URL: the person's id and the random key of their
``CalendarFeed``, signed with the site's secret. The person makes a new link from My learning
(a new key: the old link stops at once); a link expires ``CALENDAR_FEED_VALID_DAYS`` after it
was made. Links of the earlier scheme (the id signed alone, never expiring) no longer open.
"""

from __future__ import annotations

import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from core.bilingual import LocalizedText

FEED_SALT = "courses.calendar-feed.v2"


def feed_of(*, user):
    """The person's feed link record, or None when they never asked for one."""
    from .models import CalendarFeed

    return CalendarFeed.objects.filter(user=user).first()


@transaction.atomic
def feed_renew(*, user):
    """A new link for ``user``, valid from now; the previous one stops working."""
    from .models import CalendarFeed

    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(
        user=user, defaults={"key": secrets.token_urlsafe(24)}
    )
    if not _created:
        feed.key = secrets.token_urlsafe(24)
        feed.created_at = timezone.now()
        feed.save(update_fields=["key", "created_at"])
    return feed


def feed_token(*, feed) -> str:
    return signing.Signer(salt=FEED_SALT).sign(f"{feed.user_id}.{feed.key}")


def feed_user(*, token: str):
    """The active person a feed token opens, or None: not genuine, replaced by a newer link,
    expired, or the account is closed."""
    from .models import CalendarFeed

    try:
        user_id, _dot, key = signing.Signer(salt=FEED_SALT).unsign(token).partition(".")
        user_id = int(user_id)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(user_id=user_id, user__is_active=True)
        .first()
    )
    if feed is None or not hmac.compare_digest(feed.key.encode(), key.encode()):
        return None
    if feed.is_expired:
        return None
    return feed.user


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Tamkeen//Sessions//AR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _text(event: Event, name: str, text) -> None:
    """A text property with its language (RFC 5545 LANGUAGE): the reader's, or the other one
    when the session has its text in that language only."""
    language = getattr(text, "lang", "") if text else ""
    event.add(name, str(text), parameters={"LANGUAGE": language} if language else None)


def _event(session) -> Event:
    """The session in the active language (the feed's URL sets it)."""
    event = Event()
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    event.add("uid", f"session-{session.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    _text(event, "summary", session.title)
    url = settings.SITE_URL + session.get_absolute_url()
    event.add("url", url)
    about = session.description
    description = [about, url] if about else [url]
    if session.mode == session.Mode.ONLINE:
        event.add("location", session.online_url)
        description.insert(0, session.online_url)
    else:
        venue = session.venue
        place = [venue]
        if session.commune_id:
            place.append(session.commune.name)
        if session.province_id:
            place.append(session.province.name)
        # Named by its venue's language (the territories' names follow the feed's).
        _text(event, "location", LocalizedText(", ".join(p for p in place if p), venue.lang))
    _text(event, "description", LocalizedText("\n".join(description), about.lang))
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
