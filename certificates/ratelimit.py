"""A small fixed-window counter per client IP, in the cache, for the public verification page:
enough to make guessing codes pointless without bothering a person typing one."""

from core.ratelimit import RateLimit, limit_exceeded

LOOKUPS = RateLimit(attempts=30, seconds=600)


def client_ip(request) -> str:
    # Behind the reverse proxy every request comes from its address: the client's is read
    # from X-Forwarded-For as far as TRUSTED_PROXY_COUNT says (the same rule as allauth's).
    from security.network import client_ip as trusted_client_ip

    return trusted_client_ip(request) or "unknown"


def verification_allowed(request) -> bool:
    """Count this request; False once the IP has gone past ``LOOKUPS`` in the window."""
    return not limit_exceeded(f"certificates:verify:{client_ip(request)}", LOOKUPS)
