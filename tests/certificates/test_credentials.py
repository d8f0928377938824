"""Signed Open Badges credentials: the signature verifies, any change breaks it, unknown keys
are refused, rotation keeps old credentials valid, the status list flips on revocation."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from certificates.credentials import (
    FORMAT_LEGACY,
    FORMAT_OB3,
    bit_is_set,
    credential_format,
    decode_list,
    open_badge_credential,
    status_list_credential,
    status_list_ref,
)
from certificates.models import Certificate, SigningKey, code_generate
from certificates.services import certificate_revoke
from certificates.signing import (
    EDDSA,
    CredentialError,
    active_signing_key,
    b64url,
    b64url_decode,
    jws_sign,
    jws_verify,
    published_jwks,
)
from certificates.verification import credential_check

from ..factories.accounts import UserFactory
from ..factories.certificates import CertificateFactory, issued_certificate
from .legacy import legacy_token

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
    assert status["statusListCredential"].endswith(
        f"/credentials/status/{certificate.association_id}-{certificate.status_list_id}/"
    )
    issuer = credential["issuer"]["id"]
    assert credential["iss"] == issuer and credential["jti"] == credential["id"]
    assert credential["nbf"] == int(certificate.issued_at.timestamp())
    assert "exp" not in credential and "validUntil" not in credential  # the rule sets no expiry
    assert "sub" not in credential and "id" not in credential["credentialSubject"]


def test_the_signature_verifies_and_breaks_after_any_change():
    certificate = issued_certificate()
    token = certificate.credential_jwt
    header, payload = jws_verify(token)
    assert header["alg"] == "RS256" and header["typ"] == "JWT"
    assert header["kid"] in {key["kid"] for key in published_jwks()["keys"]}
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
    old_eddsa = jws_sign({"id": "x"}, key=active_signing_key(EDDSA))
    call_command("rotate_signing_key", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert SigningKey.objects.filter(active=True).count() == 2  # one per algorithm
    assert len(published_jwks()["keys"]) == 4
    jws_verify(old)
    jws_verify(old_eddsa)
    assert jws_verify(jws_sign({"id": "y"}))[0]["kid"] != jws_verify(old)[0]["kid"]
    call_command("rotate_signing_key", "--algorithm", "EdDSA", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(published_jwks()["keys"]) == 5


def test_an_eddsa_key_still_signs_when_the_setting_asks_for_it(settings):
    settings.CERTIFICATES_SIGNING_ALGORITHM = "EdDSA"
    header, _payload = jws_verify(jws_sign({"id": "x"}))
    assert header["alg"] == "EdDSA"
    settings.CERTIFICATES_SIGNING_ALGORITHM = "HS256"
    with pytest.raises(ValueError):
        jws_sign({"id": "x"})


def test_the_header_cannot_choose_another_algorithm_for_a_key():
    token = jws_sign({"id": "x"})
    header = json.loads(b64url_decode(token.split(".")[0]))
    for alg in ("EdDSA", "none", "HS256"):
        forged = b64url(json.dumps({**header, "alg": alg}).encode())
        assert credential_check(token=".".join([forged, *token.split(".")[1:]])).code in {
            "bad_signature",
            "tampered",
        }


def test_a_credential_of_the_old_format_still_verifies():
    certificate = issued_certificate()
    old = legacy_token(certificate)
    assert credential_format(old) == FORMAT_LEGACY
    assert credential_format(certificate.credential_jwt) == FORMAT_OB3
    Certificate.objects.filter(pk=certificate.pk).update(credential_jwt=old)
    assert credential_check(token=old).code == "valid"
    assert credential_format("not.a.token") is None


def test_private_keys_are_encrypted_at_rest():
    jws_sign({"id": "x"})
    key = SigningKey.objects.get(algorithm="RS256")
    assert "d" not in key.public_jwk
    assert key.private_key_encrypted.startswith("gAAAAA")  # a Fernet token
    assert SigningKey.objects.count() == 2 and not any(
        set(k.public_jwk) & {"d", "p", "q"} for k in SigningKey.objects.all()
    )


def test_the_status_list_flips_on_revocation():
    certificate = issued_certificate()
    admin = UserFactory(is_superuser=True)
    ref = status_list_ref(certificate)
    listed = status_list_credential(ref)
    bits = decode_list(listed["credentialSubject"]["encodedList"])
    assert len(bits) >= 16 * 1024
    assert not bit_is_set(bits, certificate.status_list_index)
    assert listed["issuer"]["id"] == open_badge_credential(certificate)["issuer"]["id"]
    certificate_revoke(certificate=certificate, by=admin, reason="Issued by mistake")
    for list_ref in (ref, certificate.status_list_id):  # the issuer's list and the old one
        subject = status_list_credential(list_ref)["credentialSubject"]
        assert bit_is_set(decode_list(subject["encodedList"]), certificate.status_list_index)
    assert credential_check(token=certificate.credential_jwt).code == "revoked"


def test_a_status_list_holds_only_its_issuers_certificates(other_trainer_association):
    mine = issued_certificate()
    other = issued_certificate(association=other_trainer_association)
    admin = UserFactory(is_superuser=True)
    certificate_revoke(certificate=other, by=admin, reason="Issued by mistake")
    subject = status_list_credential(status_list_ref(mine))["credentialSubject"]
    assert not bit_is_set(decode_list(subject["encodedList"]), other.status_list_index)
    assert status_list_credential(f"{other_trainer_association.pk}-2") is None
    for ref in ("999999", 0, "x", "", "-1", "1-", "99999999999"):
        assert status_list_credential(ref) is None


def test_a_credential_past_its_expiry_is_reported_as_expired():
    certificate = issued_certificate()
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=timezone.now() - datetime.timedelta(days=1)
    )
    assert credential_check(token=certificate.credential_jwt).code == "expired"


def test_resign_credentials_refuses_bad_or_unknown_codes_and_dry_runs_change_nothing():
    certificate = issued_certificate()
    old = legacy_token(certificate)
    Certificate.objects.filter(pk=certificate.pk).update(credential_jwt=old)
    out = io.StringIO()
    with pytest.raises(CommandError, match="Not a certificate code"):
        call_command("resign_credentials", "O0O0", stdout=out)
    with pytest.raises(CommandError, match="No certificate"):
        call_command("resign_credentials", code_generate(), stdout=out)
    call_command("resign_credentials", "--dry-run", stdout=out)
    assert "Would re-sign 1" in out.getvalue()
    certificate.refresh_from_db()
    assert certificate.credential_jwt == old
    call_command("resign_credentials", stdout=out)
    certificate.refresh_from_db()
    assert credential_format(certificate.credential_jwt) == FORMAT_OB3
    current = certificate.credential_jwt
    call_command("resign_credentials", stdout=out)  # nothing left in the old format
    certificate.refresh_from_db()
    assert certificate.credential_jwt == current
    call_command("rotate_signing_key", stdout=out)
    call_command("resign_credentials", "--all", stdout=out)
    certificate.refresh_from_db()
    assert certificate.credential_jwt != current
    assert credential_check(token=certificate.credential_jwt).code == "valid"
