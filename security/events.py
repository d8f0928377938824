"""Appending to the security log."""

from __future__ import annotations

import json
import re

from .context import current_request
from .models import SecurityEvent
from .network import client_ip, user_agent

Kind = SecurityEvent.Kind

# A key that looks like one of these never reaches the log, whatever its value.
SECRET_KEY_PATTERN = re.compile(
    r"pass|token|secret|key|code|otp|signature|credential|cookie|csrf", re.I
)
_UNSET = object()


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
