"""Self check-in tokens: the rotating QR code and the six-character code a trainer shows.

A token names the session and a time window (``ATTENDANCE_QR_ROTATION_SECONDS``, 30 seconds or
less) and is signed with a key derived from
SECRET_KEY, so only the server makes valid ones; a photo of the screen sent to someone at home
is useless a minute later. The current and the previous window are accepted, so a code read just
before it changes still works. The typed code is derived from the same window with another key.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.ratelimit import RateLimit, limit_exceeded

from ..models import TrainingSession

# The longest rotation allowed: a photo of the screen sent to someone at home must be stale soon.
MAX_WINDOW_SECONDS = 30
WINDOW_SECONDS = MAX_WINDOW_SECONDS  # the default; ``window_seconds()`` reads the setting
# Without 0/O and 1/I/L: typed from a projector at the back of a room.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
_TOKEN_SALT = "tamkeen.attendance.checkin-token"  # noqa: S105 - a namespace, not a secret  # nosec B105
_CODE_SALT = "tamkeen.attendance.checkin-code"
_DEVICE_SALT = "tamkeen.attendance.device"


def window_seconds() -> int:
    """How often the QR code and the typed code change: the setting, kept within 5 to 30 s."""
    configured = getattr(settings, "ATTENDANCE_QR_ROTATION_SECONDS", WINDOW_SECONDS)
    return max(5, min(int(configured), MAX_WINDOW_SECONDS))


def current_window(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // window_seconds())


def window_start(window: int) -> float:
    """The epoch second at which ``window`` began."""
    return float(window * window_seconds())


def seconds_left(now: float | None = None) -> int:
    now = time.time() if now is None else now
    period = window_seconds()
    return max(1, int(period - now % period))


def _signature(session_id: int, window: int) -> str:
    value = f"{session_id}:{window}"
    return salted_hmac(_TOKEN_SALT, value, algorithm="sha256").hexdigest()[:32]


def token_make(*, session_id: int, now: float | None = None) -> str:
    window = current_window(now)
    return f"{session_id}-{window}-{_signature(session_id, window)}"


def code_make(*, session_id: int, window: int | None = None) -> str:
    window = current_window() if window is None else window
    digest = salted_hmac(_CODE_SALT, f"{session_id}:{window}", algorithm="sha256").digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _i in range(CODE_LENGTH):
        number, index = divmod(number, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[index])
    return "".join(chars)


def _accepted_windows(now: float | None) -> tuple[int, int]:
    window = current_window(now)
    return window, window - 1


def token_parse(token: str, *, session_id: int | None = None) -> tuple[int, int]:
    """(session id, window) of a genuine token, whatever its age; ``ValidationError`` with a
    code otherwise. A token scanned offline is judged by its window (signed by the server, so
    it says when the code was on the screen), not by the phone's clock."""
    parts = (token or "").split("-")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        raise ValidationError(_("This check-in code is not valid."), code="malformed")
    if len(parts[0]) > 12 or len(parts[1]) > 12:
        raise ValidationError(_("This check-in code is not valid."), code="malformed")
    token_session, window = int(parts[0]), int(parts[1])
    if not constant_time_compare(parts[2], _signature(token_session, window)):
        raise ValidationError(_("This check-in code is not valid."), code="forged")
    if session_id is not None and token_session != session_id:
        raise ValidationError(_("This code belongs to another session."), code="wrong_session")
    return token_session, window


def token_verify(token: str, *, session_id: int | None = None, now: float | None = None) -> int:
    """The session id a valid token names; ``ValidationError`` with a code otherwise."""
    token_session, window = token_parse(token, session_id=session_id)
    if window not in _accepted_windows(now):
        raise ValidationError(
            _("This code has expired: scan the code on the screen again."), code="expired"
        )
    return token_session


# After a valid scan the learner confirms with one tap; the page carries this pass, bound to
# them and the session, so a slow tap does not fail when the QR code has moved on.
PASS_SECONDS = 120
_PASS_SALT = "tamkeen.attendance.checkin-pass"  # noqa: S105 - a namespace  # nosec B105


def pass_make(*, session_id: int, user_id: int) -> str:
    return signing.dumps({"s": session_id, "u": user_id}, salt=_PASS_SALT)


def pass_verify(value: str, *, user_id: int) -> int:
    """The session id of a valid pass issued to ``user_id``."""
    try:
        data = signing.loads(value or "", salt=_PASS_SALT, max_age=PASS_SECONDS)
    except signing.SignatureExpired as error:
        raise ValidationError(
            _("This code has expired: scan the code on the screen again."), code="expired"
        ) from error
    except signing.BadSignature as error:
        raise ValidationError(_("This check-in code is not valid."), code="forged") from error
    if data.get("u") != user_id:
        raise ValidationError(_("This check-in code is not valid."), code="forged")
    return int(data["s"])


def code_matches(*, session_id: int, code: str, now: float | None = None) -> bool:
    code = (code or "").strip().upper()
    return any(
        constant_time_compare(code, code_make(session_id=session_id, window=window))
        for window in _accepted_windows(now)
    )


def device_hash(request_meta) -> str:
    """A keyed hash of the IP address and user agent: the same device is recognised across
    check-ins, and the raw IP address is never stored."""
    if not request_meta:
        return ""
    ip = request_meta.get("REMOTE_ADDR", "")
    agent = request_meta.get("HTTP_USER_AGENT", "")
    return salted_hmac(_DEVICE_SALT, f"{ip}\n{agent}", algorithm="sha256").hexdigest()


# Per person and session: a few retries for a shaky scan. Per IP address: generous, because a
# whole room may share the venue's Wi-Fi, and each person's check-in counts twice (the scan
# opens the confirmation page, the tap confirms): 1,000 lets a room of 300 in with retries to
# spare (the check-in burst in `make bench` comes from one address).
PER_PERSON = RateLimit(attempts=10, seconds=600)
PER_IP = RateLimit(attempts=1000, seconds=600)


def rate_limited(*, user_id: int, scope: str, ip: str) -> bool:
    """Count a check-in attempt by ``user_id`` (for a session, or for typed codes) and from
    ``ip``; True when either has tried too often recently."""
    prefix = getattr(settings, "ATTENDANCE_RATE_LIMIT_PREFIX", "attendance-checkin")
    person = limit_exceeded(f"{prefix}:user:{user_id}:{scope}", PER_PERSON)
    address = limit_exceeded(f"{prefix}:ip:{ip}", PER_IP) if ip else False
    return person or address


# The check-in window, stated once: people may check themselves in to a session that is not
# cancelled from ATTENDANCE_OPEN_BEFORE_MINUTES before it starts until
# ATTENDANCE_OPEN_AFTER_MINUTES after it ends. ``is_open`` asks it of one session,
# ``open_sessions`` of the database; both read the margins from ``_open_margins``.


def _open_margins() -> tuple[timedelta, timedelta]:
    return (
        timedelta(minutes=settings.ATTENDANCE_OPEN_BEFORE_MINUTES),
        timedelta(minutes=settings.ATTENDANCE_OPEN_AFTER_MINUTES),
    )


def open_window(session) -> tuple[datetime, datetime]:
    """From when until when people may check themselves in to ``session``."""
    before, after = _open_margins()
    return session.starts_at - before, session.ends_at + after


def is_open(session, now: datetime | None = None) -> bool:
    start, end = open_window(session)
    now = now or timezone.now()
    return session.status != TrainingSession.Status.CANCELLED and start <= now <= end


def window_state(session, now: datetime | None = None) -> str:
    """What is true of the check-in window now: ``cancelled``, ``not_yet``, ``open`` or
    ``closed``; the pages say it in words with the times of ``open_window``."""
    if session.status == TrainingSession.Status.CANCELLED:
        return "cancelled"
    start, end = open_window(session)
    now = now or timezone.now()
    if now < start:
        return "not_yet"
    return "open" if now <= end else "closed"


def _when(moment: datetime, now: datetime) -> str:
    local, today = timezone.localtime(moment), timezone.localtime(now).date()
    if local.date() == today:
        return date_format(local, "TIME_FORMAT")
    return date_format(local, "SHORT_DATETIME_FORMAT")


def window_message(session, now: datetime | None = None) -> str:
    """The check-in window in words, true at ``now``: not open yet, open until, closed."""
    now = now or timezone.now()
    state = window_state(session, now)
    start, end = open_window(session)
    if state == "cancelled":
        return str(_("This session has been cancelled."))
    if state == "not_yet":
        return str(_("Check-in opens at %(time)s.") % {"time": _when(start, now)})
    if state == "open":
        return str(_("Check-in is open until %(time)s.") % {"time": _when(end, now)})
    return str(_("Check-in closed at %(time)s.") % {"time": _when(end, now)})


def open_sessions(sessions: QuerySet, *, now: datetime) -> QuerySet:
    """Those of ``sessions`` for which ``is_open(session, now)`` holds, in one query: the window
    solved for the session's start and end, so their indexes serve."""
    before, after = _open_margins()
    return sessions.exclude(status=TrainingSession.Status.CANCELLED).filter(
        starts_at__lte=now + before, ends_at__gte=now - after
    )
