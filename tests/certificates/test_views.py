"""Certificate pages: public verification (HTML and JSON, rate-limited), published keys and
status lists, downloads behind permissions, the association's list with revocation, bundles."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certificates.models import Certificate, CertificateBundle, code_generate
from certificates.ratelimit import LOOKUPS
from certificates.selectors import certificate_by_code
from certificates.services import certificate_revoke
from certificates.signing import b64url_decode
from organisations.models import Membership

from ..factories.accounts import UserFactory
from ..factories.certificates import CertificateFactory, eligible_enrollment, issued_certificate
from ..factories.grants import AgreementFactory, ProgrammeFactory
from ..factories.organisations import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(trainer_association):
    return issued_certificate(association=trainer_association)


def _verify(code):
    return reverse("certificates:verify", args=[code])


class TestVerification:
    def test_a_valid_certificate(self, client, certificate, django_assert_max_num_queries):
        # One query for the certificate; the rest is the site's navigation.
        with django_assert_max_num_queries(8):
            response = client.get(_verify(certificate.code))
        assert response.status_code == 200
        page = response.content.decode()
        assert 'data-status="valid"' in page
        assert certificate.holder_name_ar in page and certificate.pdf_sha256 in page

    def test_a_revoked_certificate_shows_the_reason(self, client, certificate):
        certificate_revoke(
            certificate=certificate, by=UserFactory(is_superuser=True), reason="Fraude constatée"
        )
        page = client.get(_verify(certificate.code)).content.decode()
        assert 'data-status="revoked"' in page and "Fraude constatée" in page

    def test_the_record_as_json(self, client, certificate, django_assert_max_num_queries):
        with django_assert_max_num_queries(3):
            by_suffix = client.get(reverse("certificates:verify_json", args=[certificate.code]))
        by_param = client.get(_verify(certificate.code) + "?format=json")
        assert by_suffix.json() == by_param.json()
        record = by_suffix.json()
        assert record["status"] == "valid" and record["pdf_sha256"] == certificate.pdf_sha256
        assert record["holder_name_latin"] == certificate.holder_name_latin

    @pytest.mark.parametrize("code", ["unknown", "malformed"])
    def test_unknown_and_malformed_codes_are_not_found(
        self, client, certificate, code, django_assert_max_num_queries
    ):
        value = code_generate() if code == "unknown" else certificate.code[:-1] + "!"
        with django_assert_max_num_queries(8):
            response = client.get(_verify(value))
        assert response.status_code == 404
        assert certificate.holder_name_latin not in response.content.decode()
        assert client.get(reverse("certificates:verify_json", args=[value])).json() == {
            "error": "not_found"
        }

    def test_a_typo_is_refused_without_a_query(self, certificate, django_assert_num_queries):
        typo = certificate.code[:-1] + ("2" if certificate.code[-1] != "2" else "3")
        with django_assert_num_queries(0):
            assert certificate_by_code(code=typo) is None
            assert certificate_by_code(code="short") is None

    def test_the_form_redirects_to_the_code_page(self, client, certificate):
        response = client.get(
            reverse("certificates:verify_form"), {"code": certificate.code_display}
        )
        assert response.status_code == 302
        assert response.url == _verify(certificate.code_display)
        assert client.get(response.url).status_code == 200

    def test_the_short_url_redirects_to_the_arabic_page(self, client, certificate):
        response = client.get(f"/verify/{certificate.code}/")
        assert response.status_code == 302
        assert response.url == f"/ar/verify/{certificate.code}/"

    def test_lookups_are_rate_limited(self, client, certificate):
        for _ in range(LOOKUPS.attempts):
            assert client.get(_verify(certificate.code)).status_code == 200
        assert client.get(_verify(certificate.code)).status_code == 429
        assert client.get(_verify(certificate.code) + "?format=json").json() == {
            "error": "rate_limited"
        }

    def test_a_pasted_or_uploaded_credential_is_checked(
        self, client, certificate, django_assert_max_num_queries
    ):
        url = reverse("certificates:verify_credential")
        with django_assert_max_num_queries(8):
            response = client.post(url, {"token": certificate.credential_jwt})
        assert 'data-result="valid"' in response.content.decode()
        upload = SimpleUploadedFile("c.jwt", certificate.credential_jwt[:-3].encode() + b"AAA")
        response = client.post(url, {"file": upload})
        assert 'data-result="bad_signature"' in response.content.decode()
        response = client.post(url, {"token": "not a credential"})
        assert 'data-result="malformed"' in response.content.decode()
        assert client.post(url, {}).status_code == 400


class TestPublishedKeys:
    def test_jwks_and_key_url(self, client, certificate, django_assert_max_num_queries):
        with django_assert_max_num_queries(1):
            keys = client.get("/.well-known/jwks.json").json()["keys"]
        assert {key["kty"] for key in keys} == {"OKP", "RSA"}
        assert not any("d" in key for key in keys)
        header = json.loads(b64url_decode(certificate.credential_jwt.split(".")[0]))
        listed = {key["kid"]: key for key in keys}
        assert header["kid"] in listed  # found from the header alone
        path = header["kid"].split("8000", 1)[-1]
        assert client.get(path).json() == listed[header["kid"]]
        # LocaleMiddleware sends a language-less 404 on to /ar/…, which answers 404.
        assert client.get("/credentials/keys/nope/", follow=True).status_code == 404

    def test_status_list(self, client, certificate, django_assert_max_num_queries):
        ref = f"{certificate.association_id}-{certificate.status_list_id}"
        url = reverse("certificates_public:status_list", args=[ref])
        with django_assert_max_num_queries(4):
            response = client.get(url)
        assert response["Content-Type"] == "application/vc+jwt"
        assert response.content.count(b".") == 2
        listed = client.get(url + "?format=json").json()
        assert listed["type"][1] == "BitstringStatusListCredential"
        assert listed["issuer"]["id"].endswith(
            f"/credentials/issuers/{certificate.association_id}/"
        )
        # The platform-wide list credentials of the old format point to still answers.
        old = reverse("certificates_public:status_list", args=[certificate.status_list_id])
        assert client.get(old).status_code == 200
        for unknown in ("999999", f"{certificate.association_id}-999999", "0", "x-1"):
            url = reverse("certificates_public:status_list", args=[unknown])
            assert client.get(url, follow=True).status_code == 404

    def test_issuer_profile(self, client, certificate, django_assert_max_num_queries):
        with django_assert_max_num_queries(1):
            profile = client.get(
                reverse("certificates_public:issuer", args=[certificate.association_id])
            ).json()
        assert profile["type"] == ["Profile"]
        assert profile["id"].endswith(f"/credentials/issuers/{certificate.association_id}/")


class TestDownloads:
    def test_the_learner_downloads_pdf_and_credential(
        self, client, certificate, django_assert_max_num_queries
    ):
        client.force_login(certificate.learner)
        with django_assert_max_num_queries(6):
            response = client.get(reverse("certificates:pdf", args=[certificate.code]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        with django_assert_max_num_queries(6):
            response = client.get(reverse("certificates:credential", args=[certificate.code]))
        assert response.content.decode() == certificate.credential_jwt

    def test_a_stranger_cannot_download(self, client, certificate):
        client.force_login(UserFactory())
        assert client.get(reverse("certificates:pdf", args=[certificate.code])).status_code == 403
        client.logout()
        assert client.get(reverse("certificates:pdf", args=[certificate.code])).status_code == 302

    def test_association_staff_and_funder_staff_download(self, client, trainer_association):
        programme = ProgrammeFactory()
        AgreementFactory(
            programme=programme,
            association=trainer_association,
            starts_on="2020-01-01",
            ends_on="2099-12-31",
        )
        certificate = issued_certificate(association=trainer_association)
        officer = MembershipFactory(
            organisation=programme.funder, role=Membership.Role.OFFICER
        ).user
        trainer = MembershipFactory(organisation=trainer_association).user
        for person in (officer, trainer):
            client.force_login(person)
            assert (
                client.get(reverse("certificates:pdf", args=[certificate.code])).status_code == 200
            )
        other_funder = MembershipFactory(
            organisation__kind="funder", role=Membership.Role.OFFICER
        ).user
        client.force_login(other_funder)
        assert client.get(reverse("certificates:pdf", args=[certificate.code])).status_code == 403

    def test_my_certificates(self, client, certificate, django_assert_max_num_queries):
        client.force_login(certificate.learner)
        with django_assert_max_num_queries(10):
            response = client.get(reverse("certificates:mine"))
        assert certificate.code_display in response.content.decode()
        response = client.get(reverse("courses:my_learning"))
        assert reverse("certificates:pdf", args=[certificate.code]) in response.content.decode()


class TestAssociationList:
    def test_admin_lists_and_revokes(
        self, client, certificate, association_admin, django_assert_max_num_queries
    ):
        client.force_login(association_admin)
        url = reverse("certificates:association", args=[certificate.association_id])
        with django_assert_max_num_queries(12):
            response = client.get(url)
        assert certificate.code_display in response.content.decode()
        revoke = reverse("certificates:revoke", args=[certificate.code])
        client.post(revoke, {"reason": ""})
        assert Certificate.objects.get(pk=certificate.pk).status == "valid"
        with django_assert_max_num_queries(12):
            assert client.post(revoke, {"reason": "Erreur de saisie"}).status_code == 302
        assert Certificate.objects.get(pk=certificate.pk).status == "revoked"

    def test_another_association_can_neither_list_nor_revoke(self, client, certificate):
        outsider = MembershipFactory(organisation__kind="trainer", role=Membership.Role.ADMIN).user
        client.force_login(outsider)
        url = reverse("certificates:association", args=[certificate.association_id])
        assert client.get(url).status_code == 403
        response = client.post(
            reverse("certificates:revoke", args=[certificate.code]), {"reason": "x"}
        )
        assert response.status_code == 403
        assert Certificate.objects.get(pk=certificate.pk).status == "valid"

    def test_the_course_zip_is_built_in_the_background(
        self,
        client,
        trainer_association,
        association_admin,
        django_capture_on_commit_callbacks,
        django_assert_max_num_queries,
    ):
        first = issued_certificate(association=trainer_association)
        CertificateFactory(  # no PDF yet: left out
            course=first.course, association=trainer_association
        )
        client.force_login(association_admin)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("certificates:bundle_create", args=[first.course_id]))
        bundle = CertificateBundle.objects.get()
        assert response.url == reverse("certificates:bundle", args=[bundle.pk])
        with django_assert_max_num_queries(10):
            assert client.get(response.url).status_code == 200
        bundle.refresh_from_db()
        assert bundle.status == "done" and bundle.progress == 100
        response = client.get(reverse("certificates:bundle_download", args=[bundle.pk]))
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        assert set(archive.namelist()) == {"SHA256SUMS", f"{first.code}.pdf"}
        client.force_login(UserFactory())
        assert client.get(reverse("certificates:bundle", args=[bundle.pk])).status_code == 403
        assert (
            client.post(reverse("certificates:bundle_create", args=[first.course_id])).status_code
            == 403
        )


def test_eligible_enrollment_helper_meets_the_rule():
    from certificates.completion import completion_evaluate

    assert completion_evaluate(enrollment=eligible_enrollment())[0] is True


def test_completion_rules_are_edited_in_the_wagtail_admin(client, django_assert_max_num_queries):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    with django_assert_max_num_queries(40):
        response = client.get("/admin/snippets/certificates/completionrule/")
    assert response.status_code == 200


def test_trainer_staff_find_their_list_from_my_learning(client, certificate, association_admin):
    client.force_login(association_admin)
    page = client.get(reverse("courses:my_learning")).content.decode()
    assert reverse("certificates:association", args=[certificate.association_id]) in page
