"""Open Badges 3.0 credentials (W3C VC 2.0) and the Bitstring Status List that revokes them."""

from __future__ import annotations

import base64
import gzip
import hashlib

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models import Certificate
from .models.certificates import STATUS_LIST_SIZE
from .signing import jws_sign

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def _url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(f"certificates_public:{name}", args=args)


def credential_id(certificate: Certificate) -> str:
    return _url("credential", certificate.code)


def issuer_profile(association) -> dict:
    return {
        "id": _url("issuer", association.pk),
        "type": ["Profile"],
        "name": association.name_fr or association.name_ar,
    }


def status_list_url(list_id: int) -> str:
    return _url("status_list", list_id)


def identity_hash(email: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256(f"{email.strip().lower()}{salt}".encode()).hexdigest()


def open_badge_credential(certificate: Certificate, *, email: str) -> dict:
    """The unsigned credential of ``certificate`` (its holder identified by a salted hash)."""
    course = certificate.course
    return {
        "@context": CONTEXT,
        "id": credential_id(certificate),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.course_title,
        "issuer": issuer_profile(certificate.association),
        "validFrom": certificate.issued_at.replace(microsecond=0).isoformat(),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": identity_hash(email, certificate.identity_salt),
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": certificate.identity_salt,
                }
            ],
            "achievement": {
                "id": _url("achievement", course.pk),
                "type": ["Achievement"],
                "name": certificate.course_title,
                "description": getattr(course, "summary", "") or certificate.course_title,
                "criteria": {"narrative": completion_narrative(course)},
            },
        },
        "credentialStatus": {
            "id": f"{status_list_url(certificate.status_list_id)}#{certificate.status_list_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(certificate.status_list_index),
            "statusListCredential": status_list_url(certificate.status_list_id),
        },
    }


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


def credential_sign(certificate: Certificate, *, email: str) -> str:
    return jws_sign(open_badge_credential(certificate, email=email))


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


def status_list_credential(list_id: int) -> dict:
    """The unsigned status list credential of one list (revoked certificates have their bit set)."""
    low = (list_id - 1) * STATUS_LIST_SIZE
    revoked = Certificate.objects.filter(
        status=Certificate.Status.REVOKED, pk__gte=low, pk__lt=low + STATUS_LIST_SIZE
    ).values_list("pk", flat=True)
    url = status_list_url(list_id)
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": settings.SITE_URL + "/",
        "validFrom": timezone.now().replace(microsecond=0).isoformat(),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(pk % STATUS_LIST_SIZE for pk in revoked),
        },
    }


def status_list_signed(list_id: int) -> str:
    return jws_sign(status_list_credential(list_id))
