"""Open Badges 3.0 credentials (W3C VC 2.0, VC-JWT proof format) and the Bitstring Status Lists
that revoke them. docs/credentials.md describes the format and what changed in #25."""

from __future__ import annotations

import base64
import datetime
import gzip
import hashlib
import json
import re

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from organisations.models import Organisation

from .models import Certificate
from .models.certificates import STATUS_LIST_SIZE
from .signing import JWT_TYPE, b64url_decode, jws_sign

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
    "ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}
# Credentials signed before #25 (format 1): typ "vc+jwt", no registered JWT claims, one status
# list for the whole platform. Format 2: OB 3.0 VC-JWT (§8.2), one status list per issuer.
FORMAT_LEGACY = 1
FORMAT_OB3 = 2
_LIST_REF = re.compile(r"^(?:(\d{1,10})-)?(\d{1,10})$")


def _url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(f"certificates_public:{name}", args=args)


def credential_id(certificate: Certificate) -> str:
    return _url("credential", certificate.code)


def issuer_profile(association) -> dict:
    """The issuer as embedded in its credentials and served, identical, at its ``id``."""
    return {
        "id": _url("issuer", association.pk),
        "type": ["Profile"],
        "name": association.name_fr or association.name_ar,
        "url": settings.SITE_URL + "/",
    }


def status_list_ref(certificate: Certificate) -> str:
    """``<issuer>-<list>``: each issuer signs its own lists (list n holds the certificates whose
    id is in [(n - 1)·size, n·size), at index id mod size)."""
    return f"{certificate.association_id}-{certificate.status_list_id}"


def status_list_url(ref) -> str:
    return _url("status_list", str(ref))


def identity_hash(email: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256(f"{email.strip().lower()}{salt}".encode()).hexdigest()


def _iso(moment) -> str:
    return moment.astimezone(datetime.UTC).replace(microsecond=0).isoformat()


def _numeric(moment) -> int:
    return int(moment.timestamp())


def open_badge_credential(
    certificate: Certificate, *, email: str = "", identifier: list | None = None
) -> dict:
    """The JWT payload of ``certificate``'s credential: the credential itself with the
    registered claims OB 3.0 §8.2 maps onto it (``iss`` = issuer.id, ``jti`` = id, ``nbf`` =
    validFrom, ``exp`` = validUntil). The holder is identified by a salted hash of the e-mail
    address (``identifier``; pass the one of an earlier credential to keep it when re-signing).
    There is no ``credentialSubject.id`` (no holder DID), hence no ``sub``."""
    course = certificate.course
    issuer = issuer_profile(certificate.association)
    identifier = identifier or [
        {
            "type": "IdentityObject",
            "identityHash": identity_hash(email, certificate.identity_salt),
            "identityType": "emailAddress",
            "hashed": True,
            "salt": certificate.identity_salt,
        }
    ]
    titles = certificate.course_titles or {}
    credential = {
        "@context": CONTEXT,
        "id": credential_id(certificate),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.course_title,
        "issuer": issuer,
        "validFrom": _iso(certificate.issued_at),
    }
    if certificate.valid_until:
        credential["validUntil"] = _iso(certificate.valid_until)
    if certificate.awarded_at:  # re-issued: when the achievement was first awarded
        credential["awardedDate"] = _iso(certificate.awarded_at)
    achievement = {
        "id": _url("achievement", course.pk),
        "type": ["Achievement"],
        "name": certificate.course_title,
        "description": getattr(course, "summary", "") or certificate.course_title,
        "criteria": {"narrative": completion_narrative(course)},
    }
    other_titles = {lang: title for lang, title in titles.items() if title}
    if len(other_titles) > 1:
        achievement["tag"] = sorted(set(other_titles.values()))
    credential["credentialSubject"] = {
        "type": ["AchievementSubject"],
        "identifier": identifier,
        "achievement": achievement,
    }
    credential["credentialSchema"] = [SCHEMA]
    credential["credentialStatus"] = {
        "id": f"{status_list_url(status_list_ref(certificate))}#{certificate.status_list_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(certificate.status_list_index),
        "statusListCredential": status_list_url(status_list_ref(certificate)),
    }
    claims = {"iss": issuer["id"], "jti": credential["id"], "nbf": _numeric(certificate.issued_at)}
    if certificate.valid_until:
        claims["exp"] = _numeric(certificate.valid_until)
    return {**credential, **claims}


def completion_narrative(course) -> str:
    rule = getattr(course, "completion_rule", None)
    if rule is None:
        return "Completed the course."
    parts = []
    if rule.min_attendance_share:
        parts.append(f"attended at least {int(rule.min_attendance_share * 100)}% of the sessions")
    if rule.require_all_lessons:
        parts.append("completed every lesson")
    if rule.quiz_id:
        score = rule.quiz_min_score if rule.quiz_min_score is not None else rule.quiz.pass_mark
        parts.append(f"scored at least {score}% in the final quiz")
    return "The learner " + ", ".join(parts) + "."


def credential_sign(
    certificate: Certificate, *, email: str = "", identifier: list | None = None
) -> str:
    return jws_sign(open_badge_credential(certificate, email=email, identifier=identifier))


def credential_format(token: str) -> int | None:
    """FORMAT_OB3, FORMAT_LEGACY, or None when ``token`` is not a compact JWS at all (the
    signature is not checked here)."""
    try:
        header_part, payload_part, _signature = (token or "").split(".")
        header = json.loads(b64url_decode(header_part))
        payload = json.loads(b64url_decode(payload_part))
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        return None
    if header.get("typ") == JWT_TYPE and "iss" in payload and "jti" in payload:
        return FORMAT_OB3
    return FORMAT_LEGACY


# --- Bitstring Status List ------------------------------------------------------------------


def encoded_list(revoked_indexes) -> str:
    """GZIP then base64url (no padding) of the bitstring; index 0 is the left-most bit."""
    bits = bytearray(STATUS_LIST_SIZE // 8)
    for index in revoked_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode_list(value: str) -> bytes:
    text = value[1:] if value.startswith("u") else value
    return gzip.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def bit_is_set(bitstring: bytes, index: int) -> bool:
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


def _parse_ref(ref) -> tuple[int | None, int] | None:
    match = _LIST_REF.match(str(ref))
    if match is None:
        return None
    issuer, list_id = match.groups()
    list_id = int(list_id)
    if list_id < 1:
        return None
    return (int(issuer) if issuer else None), list_id


def status_list_credential(ref) -> dict | None:
    """The unsigned status list credential ``ref`` names, or None when no such list exists.

    ``<issuer>-<n>``: the list of one issuer (format 2), issued by that issuer's profile, the
    same one its credentials name. ``<n>`` alone: the platform-wide list that credentials of
    format 1 point to, issued as before by the site."""
    parsed = _parse_ref(ref)
    if parsed is None:
        return None
    issuer_pk, list_id = parsed
    low = (list_id - 1) * STATUS_LIST_SIZE
    certificates = Certificate.objects.filter(pk__gte=low, pk__lt=low + STATUS_LIST_SIZE)
    if issuer_pk is None:
        issuer = settings.SITE_URL + "/"
    else:
        association = Organisation.objects.filter(pk=issuer_pk).first()
        if association is None:
            return None
        issuer = issuer_profile(association)
        certificates = certificates.filter(association_id=issuer_pk)
    if not certificates.exists():
        return None
    revoked = certificates.filter(status=Certificate.Status.REVOKED).values_list("pk", flat=True)
    url = status_list_url(ref)
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": _iso(timezone.now()),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(pk % STATUS_LIST_SIZE for pk in revoked),
        },
    }


def status_list_signed(ref) -> str | None:
    """The status list as a VC-JWT signed by the key that signs credentials (so a verifier
    that checks the list with the credential's key succeeds), or None when it does not exist."""
    credential = status_list_credential(ref)
    if credential is None:
        return None
    issuer = credential["issuer"]
    claims = {"iss": issuer["id"] if isinstance(issuer, dict) else issuer, "jti": credential["id"]}
    claims["nbf"] = int(timezone.now().timestamp())
    return jws_sign({**credential, **claims})
