"""Appending to the security log."""

from __future__ import annotations

import ipaddress
import json
import re

from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from .context import current_request
from .models import USER_AGENT_MAX, SecurityEvent

Kind = SecurityEvent.Kind

# A key that looks like one of these never reaches the log, whatever its value.
SECRET_KEY_PATTERN = re.compile(
    r"pass|token|secret|key|code|otp|signature|credential|cookie|csrf", re.I
)
_UNSET = object()


def client_ip(request) -> str | None:
    """The client's address, as allauth's login rate limits see it: ``REMOTE_ADDR`` unless
    ``ALLAUTH_TRUSTED_PROXY_COUNT`` (env ``TRUSTED_PROXY_COUNT``) or
    ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER`` says which proxies may tell us otherwise."""
    if request is None:
        return None
    from allauth.account.adapter import get_adapter

    try:
        ip = get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        # A forwarded chain shorter than the configured proxies: someone spoofing or a
        # misconfiguration; the peer's own address is the only fact we have.
        ip = request.META.get("REMOTE_ADDR")
    try:
        return str(ipaddress.ip_address((ip or "").strip()))
    except ValueError:
        return None


def user_agent(request) -> str:
    if request is None:
        return ""
    return (request.META.get("HTTP_USER_AGENT") or "")[:USER_AGENT_MAX]


def clean_details(details: dict | None) -> dict:
    """JSON-safe, with every secret-looking key dropped (recursively)."""

    def clean(value):
        if isinstance(value, dict):
            return {
                str(k): clean(v) for k, v in value.items() if not SECRET_KEY_PATTERN.search(str(k))
            }
        if isinstance(value, list | tuple | set):
            return [clean(v) for v in value]
        return value

    return json.loads(json.dumps(clean(details or {}), default=str))


def normalize_identifier(value) -> str:
    """A typed sign-in identifier as one person would recognise it: trimmed, lower case."""
    return str(value or "").strip().lower()[:254]


def _authenticated(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def record(
    kind: str,
    *,
    request=_UNSET,
    actor=_UNSET,
    subject=None,
    details: dict | None = None,
) -> SecurityEvent:
    """Append one event. Without ``request``, the one being served (if any) gives the address,
    the browser and, without ``actor``, who acted."""
    if request is _UNSET:
        request = current_request()
    if actor is _UNSET:
        actor = _authenticated(getattr(request, "user", None)) if request is not None else None
    return SecurityEvent.objects.create(
        kind=kind,
        actor=_authenticated(actor),
        subject=subject if subject is not None and subject.pk else None,
        ip_address=client_ip(request),
        user_agent=user_agent(request),
        details=clean_details(details),
    )
