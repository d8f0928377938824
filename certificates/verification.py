"""Checking a signed credential someone pasted or uploaded: valid, or why not. Both formats
verify: OB 3.0 VC-JWT (issued since #25) and the one before (typ vc+jwt, no JWT claims)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Certificate
from .signing import CredentialError, b64url_decode, jws_verify

MAX_TOKEN_LENGTH = 20000

REASONS = {
    "valid": _("The signature is valid and the certificate has not been revoked."),
    "malformed": _("This is not a signed credential (VC-JWT)."),
    "unknown_key": _("The credential was signed with a key this platform does not know."),
    "bad_signature": _("The signature does not match: the credential was not issued here."),
    "tampered": _("The credential was changed after it was signed."),
    "revoked": _("The signature is valid, but the certificate has been revoked."),
    "expired": _("The signature is valid, but the certificate has expired."),
    "unknown_certificate": _("The signature is valid, but no such certificate exists."),
}


@dataclass(frozen=True)
class CredentialCheck:
    code: str
    certificate: Certificate | None = None

    @property
    def valid(self) -> bool:
        return self.code == "valid"

    @property
    def message(self) -> str:
        return REASONS[self.code]


def _certificate_of(payload) -> Certificate | None:
    credential_id = payload.get("id") if isinstance(payload, dict) else None
    if not isinstance(credential_id, str):
        return None
    code = credential_id.rstrip("/").rsplit("/", 1)[-1]
    return Certificate.objects.filter(code=code).first()


def _payload_unverified(token: str):
    try:
        return json.loads(b64url_decode(token.split(".")[1]))
    except (ValueError, IndexError, UnicodeDecodeError):
        return None


def credential_check(*, token: str) -> CredentialCheck:
    token = (token or "").strip()
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return CredentialCheck("malformed")
    try:
        _header, payload = jws_verify(token)
    except CredentialError as error:
        if error.code != "bad_signature":
            return CredentialCheck(error.code)
        # Our signature over another payload: someone edited a credential we issued.
        certificate = _certificate_of(_payload_unverified(token))
        stored = certificate.credential_jwt.split(".") if certificate else []
        given = token.split(".")
        if len(stored) == 3 and stored[0] == given[0] and stored[2] == given[2]:
            return CredentialCheck("tampered", certificate)
        return CredentialCheck("bad_signature")
    certificate = _certificate_of(payload)
    if certificate is None:
        return CredentialCheck("unknown_certificate")
    if certificate.is_revoked:
        return CredentialCheck("revoked", certificate)
    if _expired(payload) or certificate.is_expired:
        return CredentialCheck("expired", certificate)
    return CredentialCheck("valid", certificate)


def _expired(payload: dict) -> bool:
    expires = payload.get("exp")
    return isinstance(expires, int | float) and expires <= timezone.now().timestamp()
