"""Detached JWS signatures (RFC 7515 appendix F) with the platform's Ed25519 key.

The tranche request's frozen snapshot is signed when it is submitted, and the evidence pack's
manifest when it is built: the signature covers the exact bytes (the canonical JSON of the
snapshot, the manifest file), which travel beside it, so the token is ``header..signature``
(the payload part left empty). The key is the certificates' own Ed25519 key (one key
mechanism for the platform): its ``kid`` is the key's URL, which answers the public JWK and
is listed in ``/.well-known/jwks.json``, so anyone can check a signature with the JWKS alone.
"""

from __future__ import annotations

import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils.translation import gettext_lazy as _

from certificates.signing import (
    EDDSA,
    active_signing_key,
    b64url,
    b64url_decode,
    key_url,
    published_jwks,
    sign_bytes,
)

from .models import canonical_json

# Why a signature does not verify, for the pages (the codes go into logs and packs).
REASONS = {
    "valid": _("The signature is valid."),
    "missing": _("The evidence carries no signature."),
    "malformed": _("The signature is malformed."),
    "unknown_key": _("The signature names a key the platform does not publish."),
    "bad_signature": _("The signature does not match the evidence."),
    "snapshot_altered": _("The frozen evidence no longer matches its SHA-256."),
}


def detached_jws(payload_bytes: bytes) -> str:
    """``header..signature``: a compact JWS over ``payload_bytes`` with the payload detached,
    signed by the platform's active Ed25519 key (``kid`` = the key's URL)."""
    key = active_signing_key(EDDSA)
    header = {"alg": EDDSA, "kid": key_url(key.kid)}
    protected = b64url(json.dumps(header, separators=(",", ":"), sort_keys=True).encode())
    signing_input = f"{protected}.{b64url(payload_bytes)}".encode("ascii")
    return f"{protected}..{b64url(sign_bytes(key, signing_input))}"


def _jwk_for(kid: str, jwks: dict) -> dict | None:
    """The JWKS entry named by ``kid``: the same URL, or (older headers) the same last path
    segment, the key's RFC 7638 thumbprint."""
    segment = kid.rstrip("/").rsplit("/", 1)[-1]
    for jwk in jwks.get("keys", []) if isinstance(jwks, dict) else []:
        if not isinstance(jwk, dict):
            continue
        listed = str(jwk.get("kid", ""))
        if listed == kid or listed.rstrip("/").rsplit("/", 1)[-1] == segment:
            return jwk
    return None


def detached_jws_verify(token: str, payload_bytes: bytes, jwks: dict | None = None):
    """(ok, reason code) for a detached JWS over ``payload_bytes``. The key comes from
    ``jwks`` (a JWKS document, e.g. the one published) or, by default, the platform's
    published keys. Only Ed25519 is accepted: the header cannot choose another algorithm."""
    token = (token or "").strip()
    if not token:
        return False, "missing"
    parts = token.split(".")
    if len(parts) != 3 or parts[1] != "":
        return False, "malformed"
    try:
        header = json.loads(b64url_decode(parts[0]))
        signature = b64url_decode(parts[2])
    except (ValueError, UnicodeDecodeError):
        return False, "malformed"
    if not isinstance(header, dict) or not isinstance(header.get("kid"), str):
        return False, "malformed"
    if header.get("alg") != EDDSA or header.get("crit"):
        return False, "bad_signature"
    jwk = _jwk_for(header["kid"], published_jwks() if jwks is None else jwks)
    if jwk is None:
        return False, "unknown_key"
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        return False, "bad_signature"
    try:
        public = Ed25519PublicKey.from_public_bytes(b64url_decode(str(jwk.get("x", ""))))
        public.verify(signature, f"{parts[0]}.{b64url(payload_bytes)}".encode("ascii"))
    except (InvalidSignature, ValueError):
        return False, "bad_signature"
    return True, "valid"


def snapshot_bytes(snapshot) -> bytes:
    """The bytes a snapshot's signature covers: its canonical JSON, UTF-8."""
    return canonical_json(snapshot).encode()


def snapshot_sign(snapshot) -> str:
    return detached_jws(snapshot_bytes(snapshot))


def snapshot_signature_verify(request) -> tuple[bool, str]:
    """(ok, reason code) for the request's frozen snapshot as stored now: intact (its SHA-256)
    and signed by one of the platform's published keys."""
    if not request.evidence_snapshot:
        return False, "missing"
    ok, reason = detached_jws_verify(
        request.evidence_signature, snapshot_bytes(request.evidence_snapshot)
    )
    if ok and not request.snapshot_is_intact():
        return False, "snapshot_altered"
    return ok, reason


def snapshot_integrity(request) -> dict:
    """What the request pages show of the frozen snapshot: its SHA-256 intact or not, the
    signature's verdict, and whether the live attendance chains still end at the frozen heads
    (None when that cannot be checked)."""
    if not request.evidence_snapshot:
        return {}
    ok, reason = snapshot_signature_verify(request)
    return {
        "intact": request.snapshot_is_intact(),
        "signature_ok": ok,
        "signature_reason": reason,
        "signature_message": REASONS.get(reason, REASONS["malformed"]),
        "chains": chains_match(request.evidence_snapshot),
    }


CHAIN_PROBLEMS = {
    "chain_deleted": _("session %(session)s: its attendance records were deleted"),
    "head_missing": _("session %(session)s: a record at or before the frozen head changed"),
    "records_missing": _("session %(session)s: records before the frozen head were removed"),
    "broken_link": _("session %(session)s: the link of record %(record)s is broken"),
    "content_mismatch": _("session %(session)s: record %(record)s no longer matches its hash"),
    "unknown_key": _("session %(session)s: record %(record)s uses an unknown key"),
}


def chains_match(snapshot) -> dict | None:
    """The live chains against the snapshot's frozen heads
    (``courses.attendance.chains.chain_verify_against``): ``{"ok", "problems"}``, each
    problem a sentence naming the session and record, or None (no heads frozen, or no
    verifier on this platform)."""
    from courses.attendance import chains

    heads = snapshot.get("chains") if isinstance(snapshot, dict) else None
    verify = getattr(chains, "chain_verify_against", None)
    if not heads or verify is None:
        return None
    result = verify(heads)
    problems = []
    for problem in result.get("problems", []):
        template = CHAIN_PROBLEMS.get(problem.get("code"))
        values = {"session": problem.get("session_id"), "record": problem.get("record_id")}
        problems.append(str(template % values) if template else str(problem.get("code")))
    return {"ok": bool(result.get("ok")), "problems": problems}
