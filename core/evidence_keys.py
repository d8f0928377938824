"""The keys of the evidence chains: HMAC-SHA-256 keys that live outside the database.

A link of the attendance chain (and a session's seal) is keyed, so a person who can write to
the database but does not hold the key cannot recompute a chain after editing a record.

``EVIDENCE_KEYS`` is a comma-separated list of ``id:secret`` pairs: the first keys new links,
every one verifies, so a key is rotated by putting a new pair first and keeping the old ones
(old links keep their key id). Without the setting, keys are derived from ``SECRET_KEY`` and
from each of ``SECRET_KEY_FALLBACKS`` (so rotating the secret key the Django way keeps old
chains verifiable while the old secret stays a fallback). A key id names its key: an id derived
from a secret changes with the secret.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["UnknownEvidenceKey", "current_key_id", "evidence_keys", "evidence_mac"]

_SALT = b"tamkeen-evidence-chain-v1"


class UnknownEvidenceKey(LookupError):
    """A link names a key id this deployment does not hold."""


def _derived(secret: str) -> tuple[str, bytes]:
    key = hmac.new(secret.encode(), _SALT, hashlib.sha256).digest()
    # The id is a digest of the key (never the key): it tells keys apart, it reveals nothing.
    return "d" + hashlib.sha256(key).hexdigest()[:11], key


def evidence_keys() -> dict[str, bytes]:
    """Key id → key, the current one first (read from the settings each time)."""
    raw = str(getattr(settings, "EVIDENCE_KEYS", "") or "")
    keys: dict[str, bytes] = {}
    for pair in (p.strip() for p in raw.split(",") if p.strip()):
        kid, sep, secret = pair.partition(":")
        kid, secret = kid.strip(), secret.strip()
        if not sep or not kid or len(secret) < 32 or len(kid) > 20:
            raise ImproperlyConfigured(
                "EVIDENCE_KEYS: each entry is id:secret, the id at most 20 characters and the "
                "secret at least 32."
            )
        keys.setdefault(kid, secret.encode())
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    for secret in secrets:
        if secret:
            kid, key = _derived(secret)
            keys.setdefault(kid, key)
    if not keys:
        raise ImproperlyConfigured("No evidence key: set EVIDENCE_KEYS or SECRET_KEY.")
    return keys


def current_key_id() -> str:
    return next(iter(evidence_keys()))


def evidence_mac(key_id: str, data: bytes) -> str:
    """Hex HMAC-SHA-256 of ``data`` under the key ``key_id``."""
    key = evidence_keys().get(key_id)
    if key is None:
        raise UnknownEvidenceKey(key_id)
    return hmac.new(key, data, hashlib.sha256).hexdigest()
