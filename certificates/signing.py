"""Ed25519 signing keys and compact JWS (VC-JWT) signing and verification.

The private key is stored encrypted with a Fernet key derived from SECRET_KEY: a copy of the
database alone cannot sign credentials. Rotating makes a new key active and keeps the old ones
published, so what they signed still verifies.
"""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography.exceptions import InvalidSignature
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from .models import SigningKey

JWT_TYPE = "vc+jwt"


class CredentialError(Exception):
    """A credential that does not verify; ``code`` says why (see ``REASONS`` in verification)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _fernet() -> Fernet:
    derived = HKDF(
        algorithm=SHA256(), length=32, salt=b"tamkeen-certificates", info=b"signing-keys"
    ).derive(settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _public_jwk(public_key: Ed25519PublicKey) -> dict:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw)}


def _thumbprint(jwk: dict) -> str:
    # RFC 7638: members in lexicographic order, no whitespace.
    canonical = json.dumps(
        {k: jwk[k] for k in ("crv", "kty", "x")}, separators=(",", ":"), sort_keys=True
    )
    return b64url(hashlib.sha256(canonical.encode()).digest())


def key_url(kid: str) -> str:
    return settings.SITE_URL + reverse("certificates_public:signing_key", args=[kid])


def signing_key_rotate() -> SigningKey:
    """Create a new active key; the previous ones stay published but sign nothing more."""
    private = Ed25519PrivateKey.generate()
    jwk = _public_jwk(private.public_key())
    kid = _thumbprint(jwk)
    raw = private.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    with transaction.atomic():
        SigningKey.objects.select_for_update().filter(active=True).update(active=False)
        return SigningKey.objects.create(
            kid=kid,
            public_jwk={**jwk, "kid": kid, "use": "sig", "alg": "EdDSA"},
            private_key_encrypted=_fernet().encrypt(raw).decode("ascii"),
            active=True,
        )


def active_signing_key() -> SigningKey:
    key = SigningKey.objects.filter(active=True).first()
    if key is not None:
        return key
    try:
        return signing_key_rotate()
    except IntegrityError:  # another process created it at the same moment
        return SigningKey.objects.get(active=True)


def _private_key(key: SigningKey) -> Ed25519PrivateKey:
    raw = _fernet().decrypt(key.private_key_encrypted.encode("ascii"))
    return Ed25519PrivateKey.from_private_bytes(raw)


def jws_sign(payload: dict, *, key: SigningKey | None = None) -> str:
    key = key or active_signing_key()
    header = {"alg": "EdDSA", "typ": JWT_TYPE, "kid": key_url(key.kid)}
    signing_input = ".".join(
        b64url(json.dumps(part, separators=(",", ":"), ensure_ascii=False).encode())
        for part in (header, payload)
    )
    signature = _private_key(key).sign(signing_input.encode("ascii"))
    return f"{signing_input}.{b64url(signature)}"


def _kid_from_header(header: dict) -> str:
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise CredentialError("unknown_key")
    return kid.rstrip("/").rsplit("/", 1)[-1]


def jws_verify(token: str) -> tuple[dict, dict]:
    """(header, payload) of a token signed by one of our keys, or CredentialError."""
    token = (token or "").strip()
    parts = token.split(".")
    if len(parts) != 3:
        raise CredentialError("malformed")
    try:
        header = json.loads(b64url_decode(parts[0]))
        payload = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except (ValueError, UnicodeDecodeError):
        raise CredentialError("malformed") from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise CredentialError("malformed")
    if header.get("alg") != "EdDSA":
        raise CredentialError("bad_signature")
    key = SigningKey.objects.filter(kid=_kid_from_header(header)).first()
    if key is None:
        raise CredentialError("unknown_key")
    public = Ed25519PublicKey.from_public_bytes(b64url_decode(key.public_jwk["x"]))
    try:
        public.verify(signature, f"{parts[0]}.{parts[1]}".encode("ascii"))
    except InvalidSignature:
        raise CredentialError("bad_signature") from None
    return header, payload


def published_jwks() -> dict:
    return {"keys": [key.public_jwk for key in SigningKey.objects.order_by("created_at")]}
