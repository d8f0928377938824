"""Credentials as they were signed before #25 (typ "vc+jwt", no registered JWT claims, Ed25519,
the platform-wide status list), to check they keep verifying."""

import json

from certificates.credentials import CONTEXT, credential_id, identity_hash, status_list_url
from certificates.signing import EDDSA, _sign, active_signing_key, b64url, key_url


def legacy_payload(certificate, *, email="learner@example.ma"):
    return {
        "@context": CONTEXT,
        "id": credential_id(certificate),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.course_title,
        "issuer": {
            "id": credential_id(certificate).rsplit("/credentials/", 1)[0]
            + f"/credentials/issuers/{certificate.association_id}/",
            "type": ["Profile"],
            "name": certificate.association_name_fr,
        },
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
                "id": "http://testserver/credentials/achievements/1/",
                "type": ["Achievement"],
                "name": certificate.course_title,
                "description": certificate.course_title,
                "criteria": {"narrative": "Completed the course."},
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


def legacy_token(certificate, *, email="learner@example.ma"):
    key = active_signing_key(EDDSA)
    header = {"alg": "EdDSA", "typ": "vc+jwt", "kid": key_url(key.kid)}
    signing_input = ".".join(
        b64url(json.dumps(part, separators=(",", ":"), ensure_ascii=False).encode())
        for part in (header, legacy_payload(certificate, email=email))
    )
    return f"{signing_input}.{b64url(_sign(key, signing_input.encode('ascii')))}"
