"""A small fixed-window counter per client IP, in the cache, for the public verification page:
enough to make guessing codes pointless without bothering a person typing one."""

from django.core.cache import cache

LIMIT = 30
WINDOW_SECONDS = 600


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def verification_allowed(request) -> bool:
    """Count this request; False once the IP has made more than LIMIT lookups in the window."""
    key = f"certificates:verify:{client_ip(request)}"
    if cache.add(key, 1, WINDOW_SECONDS):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return True
    return count <= LIMIT
