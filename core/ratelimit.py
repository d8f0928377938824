"""A fixed-window attempt counter in the shared cache (Redis in production), for the few public
or room-wide actions that need one beyond allauth's login limits: certificate look-ups and
self check-in."""

from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class RateLimit:
    attempts: int
    seconds: int


def limit_exceeded(key: str, limit: RateLimit) -> bool:
    """Count one attempt under ``key``; True once more than ``limit.attempts`` fell in the
    window."""
    if cache.add(key, 1, timeout=limit.seconds):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this attempt opens a new window
        cache.add(key, 1, timeout=limit.seconds)
        return False
    return count > limit.attempts
