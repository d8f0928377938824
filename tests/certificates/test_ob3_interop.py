"""Independent code checks the credentials, over HTTP from the live test server: openbadgeslib's
Open Badges 3.0 verifier (signature, registered claims, status list signed by the same issuer),
PyJWT with the key its JWKS client finds from the token's header alone, and 1EdTech's published
OB 3.0 JSON schema."""

import json
import random
import urllib.request
from pathlib import Path

import jwt
import pytest
from django.core.management import call_command
from jsonschema import Draft201909Validator
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier

from certificates.credentials import FORMAT_LEGACY, FORMAT_OB3, credential_format
from certificates.models import Certificate
from certificates.services import certificate_issue, completion_rule_set
from certificates.signing import b64url_decode
from certificates.verification import credential_check
from courses.models import QuizPage
from courses.services import enrollment_create, quiz_attempt_submit
from demo import certificates as demo_certificates

from ..factories.accounts import UserFactory
from ..factories.certificates import eligible_enrollment
from ..factories.learning import QuizPageFactory, course_with_lessons, right_answers
from .legacy import legacy_token

# The schema lies beside the repository (../shared/data), never inside it.
SCHEMA_PATH = (
    Path(__file__).resolve().parents[2] / "../shared/data/ob3_achievementcredential_schema.json"
).resolve()

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _fetch(url: str) -> bytes:
    """What a verifier downloads (openbadgeslib's own downloader insists on HTTPS)."""
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the live server
        return response.read()


def _payload(token):
    return json.loads(b64url_decode(token.split(".")[1]))


def _header(token):
    return json.loads(b64url_decode(token.split(".")[0]))


@pytest.fixture(autouse=True)
def _no_pdf(monkeypatch):
    """The PDF plays no part in the credential: not drawn here (test_issuance draws it)."""
    monkeypatch.setattr("certificates.services.certificate_pdf", lambda certificate: b"%PDF-1.7")


@pytest.fixture
def site(live_server, settings):
    """Every URL a credential names points at the live test server."""
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def demo(site, trainer_association):
    """The demo's certificate step (demo/certificates.py), as seed_demo runs it: the demo
    learner's certificate issued, the citizen's issued and revoked."""
    learner = UserFactory(email="learner@tamkeen.test")
    citizen = UserFactory(email="citizen@tamkeen.test")
    UserFactory(email="admin@tamkeen.test", is_superuser=True)
    course, _lessons = course_with_lessons(association=trainer_association, lessons=1)
    post = QuizPageFactory(parent=course, kind=QuizPage.Kind.POST_TEST)
    enrollment = enrollment_create(learner=learner, course=course, by=learner)
    quiz_attempt_submit(enrollment=enrollment, quiz=post, answers=right_answers(post))
    other, _ = course_with_lessons(association=trainer_association, lessons=2)
    enrollment_create(learner=citizen, course=other, by=citizen)
    demo_certificates.seed(rng=random.Random(1), context={"users": {}}, log=lambda line: None)
    return {
        "valid": Certificate.objects.get(learner=learner),
        "revoked": Certificate.objects.get(learner=citizen),
    }


def _verifier_for(token, site):
    """openbadgeslib's verifier with the key PyJWT's JWKS client resolved from the header."""
    client = jwt.PyJWKClient(f"{site}/.well-known/jwks.json", cache_keys=False)
    return OB3Verifier(pubkey_pem=client.get_signing_key_from_jwt(token).key)


def test_openbadgeslib_verifies_the_fresh_demo_certificate_with_its_status(demo, site):
    token = demo["valid"].credential_jwt
    assert credential_format(token) == FORMAT_OB3
    credential = _verifier_for(token, site).verify(token, check_status=True, download=_fetch)
    assert credential.issuer.id == f"{site}/credentials/issuers/{demo['valid'].association_id}/"
    assert credential.recipient_id is None or "@" not in str(credential.recipient_id)


def test_openbadgeslib_reports_the_revoked_demo_certificate_as_revoked(demo, site):
    token = demo["revoked"].credential_jwt
    verifier = _verifier_for(token, site)
    verifier.verify(token)  # the signature itself is fine
    with pytest.raises(OB3VerificationError, match="revocation"):
        verifier.verify(token, check_status=True, download=_fetch)


def test_a_jwks_client_resolves_the_key_from_the_header_alone_and_pyjwt_verifies(demo, site):
    token = demo["valid"].credential_jwt
    header = _header(token)
    assert header["typ"] == "JWT" and header["alg"] == "RS256"
    key = jwt.PyJWKClient(f"{site}/.well-known/jwks.json").get_signing_key_from_jwt(token)
    claims = jwt.decode(
        token,
        key.key,
        algorithms=["RS256"],
        issuer=_payload(token)["issuer"]["id"],
        options={"require": ["iss", "jti", "nbf"], "verify_aud": False},
    )
    assert claims["jti"] == claims["id"] and claims["iss"] == claims["issuer"]["id"]
    # The kid is also the key's own URL, which answers the same JWK.
    assert json.loads(_fetch(header["kid"]))["n"] == key._jwk_data["n"]


def test_the_jwks_publishes_both_an_rsa_and_an_ed25519_key_without_private_parts(demo, site):
    keys = json.loads(_fetch(f"{site}/.well-known/jwks.json"))["keys"]
    assert {key["kty"] for key in keys} == {"RSA", "OKP"}
    assert {key["alg"] for key in keys} == {"RS256", "EdDSA"}
    assert not any(set(key) & {"d", "p", "q", "dp", "dq", "qi"} for key in keys)
    assert all(key["kid"].startswith(f"{site}/credentials/keys/") for key in keys)


def test_the_issuer_profile_dereferences_to_the_one_the_credential_embeds(demo, site):
    issuer = _payload(demo["valid"].credential_jwt)["issuer"]
    served = json.loads(_fetch(issuer["id"]))
    assert {k: served[k] for k in issuer} == issuer


def test_the_status_list_is_issued_by_the_credentials_issuer(demo, site):
    payload = _payload(demo["valid"].credential_jwt)
    status = payload["credentialStatus"]
    listed = _payload(_fetch(status["statusListCredential"]).decode())
    assert listed["issuer"]["id"] == payload["issuer"]["id"] == payload["iss"]
    assert listed["credentialSubject"]["statusPurpose"] == status["statusPurpose"]


def test_an_unknown_status_list_is_not_found(demo, site):
    issuer = demo["valid"].association_id
    for path in ("999999", "0", "abc", f"{issuer}-999999", "999999-1", "1-2-3", f"{issuer}-0"):
        with pytest.raises(urllib.error.HTTPError) as error:
            _fetch(f"{site}/credentials/status/{path}/")
        assert error.value.code == 404, path
        with pytest.raises(urllib.error.HTTPError):
            _fetch(f"{site}/credentials/status/{path}/?format=json")


def test_a_credential_with_an_expiry_carries_valid_until_and_exp(site, trainer_association):
    enrollment = eligible_enrollment(association=trainer_association)
    completion_rule_set(course=enrollment.course, require_all_lessons=True, valid_for_months=24)
    certificate = certificate_issue(enrollment_id=enrollment.pk)
    payload = _payload(certificate.credential_jwt)
    assert payload["validUntil"].startswith(str(certificate.issued_at.year + 2))
    assert payload["exp"] == int(certificate.valid_until.timestamp())
    verified = _verifier_for(certificate.credential_jwt, site).verify(certificate.credential_jwt)
    assert verified.expiration_date is not None


@pytest.mark.skipif(
    not SCHEMA_PATH.is_file(),
    reason=f"1EdTech's OB 3.0 JSON schema is not at {SCHEMA_PATH} (../shared/data beside the repo)",
)
def test_the_credentials_validate_against_1edtechs_ob3_schema(demo):
    schema = json.loads(SCHEMA_PATH.read_text())
    validator = Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)
    for certificate in demo.values():
        errors = list(validator.iter_errors(_payload(certificate.credential_jwt)))
        assert not errors, [error.message for error in errors]
    # and the schema does refuse what it should: no issuer, no achievement
    broken = _payload(demo["valid"].credential_jwt)
    del broken["issuer"]
    del broken["credentialSubject"]["achievement"]
    assert len(list(validator.iter_errors(broken))) >= 2


def test_old_format_credentials_keep_verifying_and_are_re_signed_on_request(demo, site):
    certificate = demo["valid"]
    old = legacy_token(certificate)
    Certificate.objects.filter(pk=certificate.pk).update(credential_jwt=old)
    assert credential_format(old) == FORMAT_LEGACY
    assert credential_check(token=old).code == "valid"
    with pytest.raises(OB3VerificationError, match="iss"):
        OB3Verifier(
            pubkey_pem=jwt.PyJWKClient(f"{site}/.well-known/jwks.json")
            .get_signing_key_from_jwt(old)
            .key
        ).verify(old)
    call_command("resign_credentials", certificate.code, stdout=open("/dev/null", "w"))  # noqa: SIM115
    certificate.refresh_from_db()
    new = certificate.credential_jwt
    assert credential_format(new) == FORMAT_OB3
    old_subject = _payload(old)["credentialSubject"]["identifier"]
    assert _payload(new)["credentialSubject"]["identifier"] == old_subject
    _verifier_for(new, site).verify(new, check_status=True, download=_fetch)
    assert credential_check(token=old).code == "valid"  # the old token still verifies here


def test_a_certificate_issued_again_after_a_mistaken_revocation_verifies_and_the_old_stays_revoked(
    demo, site
):
    from certificates.services import certificate_reissue

    revoked = demo["revoked"]
    admin = UserFactory(is_superuser=True)
    successor = certificate_reissue(certificate=revoked, by=admin, reason="Revoked by mistake")
    token = successor.credential_jwt
    credential = _verifier_for(token, site).verify(token, check_status=True, download=_fetch)
    assert credential.id == f"{site}/credentials/{successor.code}/"
    assert _payload(token)["awardedDate"].startswith(str(revoked.issued_at.year))
    old = revoked.credential_jwt
    with pytest.raises(OB3VerificationError, match="revocation"):
        _verifier_for(old, site).verify(old, check_status=True, download=_fetch)
