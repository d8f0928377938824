"""Signed Open Badges credentials: the signature verifies, any change breaks it, unknown keys
are refused, rotation keeps old credentials valid, the status list flips on revocation."""

import json

import pytest
from django.core.management import call_command

from certificates.credentials import (
    bit_is_set,
    decode_list,
    open_badge_credential,
    status_list_credential,
)
from certificates.models import SigningKey
from certificates.services import certificate_revoke
from certificates.signing import (
    CredentialError,
    b64url,
    b64url_decode,
    jws_sign,
    jws_verify,
    published_jwks,
)
from certificates.verification import credential_check

from ..factories.accounts import UserFactory
from ..factories.certificates import CertificateFactory, issued_certificate

pytestmark = pytest.mark.django_db


def _payload(token):
    return json.loads(b64url_decode(token.split(".")[1]))


def _with_payload(token, payload):
    header, _body, signature = token.split(".")
    body = b64url(json.dumps(payload, separators=(",", ":")).encode())
    return f"{header}.{body}.{signature}"


def test_the_credential_is_an_open_badge_with_a_hashed_identity():
    certificate = CertificateFactory()
    credential = open_badge_credential(certificate, email="learner@example.ma")
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["type"] == ["Profile"]
    identity = credential["credentialSubject"]["identifier"][0]
    assert identity["identityHash"].startswith("sha256$") and identity["hashed"] is True
    assert "learner@example.ma" not in json.dumps(credential)
    status = credential["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusPurpose"] == "revocation"
    assert int(status["statusListIndex"]) == certificate.status_list_index


def test_the_signature_verifies_and_breaks_after_any_change():
    certificate = issued_certificate()
    token = certificate.credential_jwt
    header, payload = jws_verify(token)
    assert header["alg"] == "EdDSA"
    assert payload["id"].endswith(f"/credentials/{certificate.code}/")
    assert credential_check(token=token).code == "valid"
    changed = _payload(token)
    changed["credentialSubject"]["achievement"]["name"] = "Something else"
    with pytest.raises(CredentialError) as error:
        jws_verify(_with_payload(token, changed))
    assert error.value.code == "bad_signature"
    assert credential_check(token=_with_payload(token, changed)).code == "tampered"


def test_a_token_signed_by_an_unknown_key_is_refused():
    token = jws_sign({"id": "x"})
    SigningKey.objects.all().delete()
    assert credential_check(token=token).code == "unknown_key"


def test_malformed_tokens_are_reported_as_such():
    for token in ("", "abc", "a.b.c", "x" * 30000):
        assert credential_check(token=token).code == "malformed"


def test_rotation_keeps_old_credentials_verifiable():
    old = jws_sign({"id": "x"})
    call_command("rotate_signing_key", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert SigningKey.objects.filter(active=True).count() == 1
    assert len(published_jwks()["keys"]) == 2
    jws_verify(old)
    assert jws_verify(jws_sign({"id": "y"}))[0]["kid"] != jws_verify(old)[0]["kid"]


def test_private_keys_are_encrypted_at_rest():
    jws_sign({"id": "x"})
    key = SigningKey.objects.get()
    assert "d" not in key.public_jwk
    assert key.private_key_encrypted.startswith("gAAAAA")  # a Fernet token


def test_the_status_list_flips_on_revocation():
    certificate = issued_certificate()
    admin = UserFactory(is_superuser=True)
    bits = decode_list(
        status_list_credential(certificate.status_list_id)["credentialSubject"]["encodedList"]
    )
    assert len(bits) >= 16 * 1024
    assert not bit_is_set(bits, certificate.status_list_index)
    certificate_revoke(certificate=certificate, by=admin, reason="Issued by mistake")
    subject = status_list_credential(certificate.status_list_id)["credentialSubject"]
    assert bit_is_set(decode_list(subject["encodedList"]), certificate.status_list_index)
    assert credential_check(token=certificate.credential_jwt).code == "revoked"
