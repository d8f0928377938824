"""Signing keys (RSA for RS256, Ed25519 for EdDSA) and compact JWS (VC-JWT) signing and
verification.

Open Badges 3.0 requires every verifier to support RS256, so credentials are signed with RS256
by default (``CERTIFICATES_SIGNING_ALGORITHM``; ``EdDSA`` also works, with verifiers that
support it). Both kinds of key live in the same table, each private key encrypted with a Fernet
key derived from SECRET_KEY (a copy of the database alone cannot sign credentials), and both are
published in ``/.well-known/jwks.json``. Each algorithm has one active key; rotating makes a new
one active and keeps the old ones published, so what they signed still verifies.

The JOSE header names its key with ``kid``: the key's own URL (it answers the JWK), which is
also the ``kid`` the JWKS lists, so a JWKS client finds the key from the header alone. Tokens
signed before #25 carry the same URL; their keys are looked up by its last segment, the
RFC 7638 thumbprint.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json

from cryptography.exceptions import InvalidSignature
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from .models import SigningKey

EDDSA = SigningKey.Algorithm.EDDSA
RS256 = SigningKey.Algorithm.RS256
ALGORITHMS = (RS256, EDDSA)
# OB 3.0 §8.2 (JOSE header): "typ", when present, MUST be "JWT". Tokens signed before #25 say
# "vc+jwt"; the verifier accepts both.
JWT_TYPE = "JWT"
LEGACY_JWT_TYPE = "vc+jwt"
RSA_KEY_SIZE = 2048


class CredentialError(Exception):
    """A credential that does not verify; ``code`` says why (see ``REASONS`` in verification)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _uint(value: int) -> str:
    return b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


def _uint_decode(text: str) -> int:
    return int.from_bytes(b64url_decode(text), "big")


def signing_algorithm() -> str:
    """The algorithm new credentials and status lists are signed with."""
    algorithm = getattr(settings, "CERTIFICATES_SIGNING_ALGORITHM", RS256)
    if algorithm not in ALGORITHMS:
        raise ValueError(f"CERTIFICATES_SIGNING_ALGORITHM must be one of {ALGORITHMS}")
    return algorithm


def _fernet() -> Fernet:
    derived = HKDF(
        algorithm=SHA256(), length=32, salt=b"tamkeen-certificates", info=b"signing-keys"
    ).derive(settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _thumbprint(jwk: dict) -> str:
    # RFC 7638: the required members only, in lexicographic order, no whitespace.
    members = ("crv", "kty", "x") if jwk["kty"] == "OKP" else ("e", "kty", "n")
    canonical = json.dumps({k: jwk[k] for k in members}, separators=(",", ":"), sort_keys=True)
    return b64url(hashlib.sha256(canonical.encode()).digest())


def _new_key(algorithm: str) -> tuple[dict, bytes]:
    """(public JWK, private key bytes to encrypt) of a fresh key."""
    if algorithm == EDDSA:
        private = Ed25519PrivateKey.generate()
        raw = private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        secret = private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        return {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw)}, secret
    private = rsa.generate_private_key(public_exponent=65537, key_size=RSA_KEY_SIZE)
    numbers = private.public_key().public_numbers()
    secret = private.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return {"kty": "RSA", "n": _uint(numbers.n), "e": _uint(numbers.e)}, secret


def key_url(kid: str) -> str:
    return settings.SITE_URL + reverse("certificates_public:signing_key", args=[kid])


def published_jwk(key: SigningKey) -> dict:
    """The public JWK as verifiers see it: its ``kid`` is the key's URL, as in the headers."""
    return {**key.public_jwk, "kid": key_url(key.kid)}


def signing_key_rotate(algorithm: str | None = None) -> SigningKey:
    """Create a new active key for ``algorithm``; the previous ones stay published but sign
    nothing more."""
    algorithm = algorithm or signing_algorithm()
    jwk, secret = _new_key(algorithm)
    kid = _thumbprint(jwk)
    with transaction.atomic():
        SigningKey.objects.select_for_update().filter(active=True, algorithm=algorithm).update(
            active=False
        )
        return SigningKey.objects.create(
            kid=kid,
            algorithm=algorithm,
            public_jwk={**jwk, "kid": kid, "use": "sig", "alg": algorithm},
            private_key_encrypted=_fernet().encrypt(secret).decode("ascii"),
            active=True,
        )


def active_signing_key(algorithm: str | None = None) -> SigningKey:
    """The active key of ``algorithm`` (the signing algorithm by default), created on first use
    together with the other algorithm's, so the JWKS always publishes both."""
    algorithm = algorithm or signing_algorithm()
    key = SigningKey.objects.filter(active=True, algorithm=algorithm).first()
    if key is not None:
        return key
    for other in ALGORITHMS:
        if other == algorithm:
            continue
        if not SigningKey.objects.filter(active=True, algorithm=other).exists():
            # IntegrityError: another process created it at the same moment.
            with contextlib.suppress(IntegrityError):
                signing_key_rotate(other)
    try:
        return signing_key_rotate(algorithm)
    except IntegrityError:  # another process created it at the same moment
        return SigningKey.objects.get(active=True, algorithm=algorithm)


def _private_key(key: SigningKey):
    secret = _fernet().decrypt(key.private_key_encrypted.encode("ascii"))
    if key.algorithm == EDDSA:
        return Ed25519PrivateKey.from_private_bytes(secret)
    return serialization.load_der_private_key(secret, password=None)


def public_key(key: SigningKey):
    """The ``cryptography`` public key of ``key``."""
    jwk = key.public_jwk
    if key.algorithm == EDDSA:
        return Ed25519PublicKey.from_public_bytes(b64url_decode(jwk["x"]))
    return rsa.RSAPublicNumbers(_uint_decode(jwk["e"]), _uint_decode(jwk["n"])).public_key()


def sign_bytes(key: SigningKey, data: bytes) -> bytes:
    """The raw signature of ``data`` with ``key`` (Ed25519, or RS256 with PKCS#1 v1.5): for
    other JOSE shapes than a compact JWS, e.g. grants' detached JWS."""
    return _sign(key, data)


def _sign(key: SigningKey, data: bytes) -> bytes:
    private = _private_key(key)
    if key.algorithm == EDDSA:
        return private.sign(data)
    return private.sign(data, padding.PKCS1v15(), SHA256())


def _verify(key: SigningKey, signature: bytes, data: bytes) -> None:
    public = public_key(key)
    if key.algorithm == EDDSA:
        public.verify(signature, data)
    else:
        public.verify(signature, data, padding.PKCS1v15(), SHA256())


def jws_sign(payload: dict, *, key: SigningKey | None = None) -> str:
    """Compact JWS of ``payload`` with the OB 3.0 JOSE header: ``alg``, ``typ: JWT`` and the
    ``kid`` the JWKS lists."""
    key = key or active_signing_key()
    header = {"alg": key.algorithm, "typ": JWT_TYPE, "kid": key_url(key.kid)}
    signing_input = ".".join(
        b64url(json.dumps(part, separators=(",", ":"), ensure_ascii=False).encode())
        for part in (header, payload)
    )
    return f"{signing_input}.{b64url(_sign(key, signing_input.encode('ascii')))}"


def _kid_from_header(header: dict) -> str:
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise CredentialError("unknown_key")
    return kid.rstrip("/").rsplit("/", 1)[-1]


def jws_verify(token: str) -> tuple[dict, dict]:
    """(header, payload) of a token signed by one of our keys, or CredentialError. The
    algorithm is the key's own: the header cannot choose another."""
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
    if header.get("alg") not in ALGORITHMS:
        raise CredentialError("bad_signature")
    if header.get("typ", JWT_TYPE) not in (JWT_TYPE, LEGACY_JWT_TYPE):
        raise CredentialError("malformed")
    key = SigningKey.objects.filter(kid=_kid_from_header(header)).first()
    if key is None:
        raise CredentialError("unknown_key")
    if key.algorithm != header["alg"]:
        raise CredentialError("bad_signature")
    try:
        _verify(key, signature, f"{parts[0]}.{parts[1]}".encode("ascii"))
    except (InvalidSignature, ValueError):
        raise CredentialError("bad_signature") from None
    return header, payload


def published_jwks() -> dict:
    return {"keys": [published_jwk(key) for key in SigningKey.objects.order_by("created_at")]}
