"""What learners get with a certificate: an e-mail in their language with a working link, the
course title in their language and the other one, a wallet download, an add-to-LinkedIn link,
an optional expiry, and a re-issue (with its history) after a revocation made in error."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from certificates.models import Certificate
from certificates.selectors import certificate_history, certificates_for_agreement
from certificates.services import (
    add_months,
    certificate_reissue,
    certificate_revoke,
    completion_rule_set,
)
from certificates.sharing import course_titles_for, linkedin_add_url
from certificates.tasks import issue_certificate
from organisations.models import Membership

from ..factories.accounts import UserFactory
from ..factories.certificates import CertificateFactory, eligible_enrollment
from ..factories.grants import AgreementFactory
from ..factories.organisations import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_pdf(monkeypatch):
    """The PDF is drawn and checked in test_issuance; not here."""
    monkeypatch.setattr("certificates.services.certificate_pdf", lambda certificate: b"%PDF-1.7")


def _issue(enrollment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pk = issue_certificate(enrollment.pk)
    return Certificate.objects.get(pk=pk)


@pytest.mark.parametrize(
    ("language", "greeting"), [("fr", "Bonjour"), ("ar", "مرحب"), ("en", "Hello")]
)
def test_the_learner_is_emailed_in_their_language_with_a_working_link(
    client, django_capture_on_commit_callbacks, language, greeting
):
    learner = UserFactory(preferred_language=language)
    certificate = _issue(eligible_enrollment(learner=learner), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [learner.email]
    with translation.override(language):
        link = settings.SITE_URL + reverse("certificates:verify", args=[certificate.code])
    assert link in message.body and f"/{language}/verify/" in link
    assert certificate.code_display in message.body
    response = client.get(link.removeprefix(settings.SITE_URL))
    assert response.status_code == 200 and certificate.code_display in response.content.decode()
    if language == "en":  # the English text is the source; the others are translated centrally
        assert greeting in message.body


def test_the_email_is_sent_once_even_when_the_task_runs_again(django_capture_on_commit_callbacks):
    enrollment = eligible_enrollment()
    _issue(enrollment, django_capture_on_commit_callbacks)
    _issue(enrollment, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_an_erased_holder_is_not_emailed(django_capture_on_commit_callbacks):
    from certificates.services import certificate_email_issued

    certificate = CertificateFactory()
    certificate.learner.erased_at = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert certificate_email_issued(certificate=certificate) is False
    assert mail.outbox == []


def test_the_course_title_shows_in_the_learners_language_and_the_other_one(client):
    certificate = CertificateFactory(
        course_title="التواصل الرقمي",
        course_titles={"ar": "التواصل الرقمي", "fr": "Communication numérique"},
    )
    assert course_titles_for(certificate, "fr") == ("Communication numérique", "التواصل الرقمي")
    assert course_titles_for(certificate, "ar") == ("التواصل الرقمي", "Communication numérique")
    assert course_titles_for(certificate, "en") == ("التواصل الرقمي", "")  # no English page
    page = client.get("/fr" + reverse("certificates:verify", args=[certificate.code])[3:])
    text = page.content.decode()
    assert "Communication numérique" in text and "التواصل الرقمي" in text
    client.force_login(certificate.learner)
    mine = client.get(reverse("certificates:mine")).content.decode()
    assert "Communication numérique" in mine or "التواصل الرقمي" in mine


def test_a_certificate_without_translations_shows_its_title_once():
    certificate = CertificateFactory(course_title="Only one", course_titles={})
    assert course_titles_for(certificate, "fr") == ("Only one", "")


def test_issuance_records_the_course_title_of_each_translation():
    enrollment = eligible_enrollment()
    certificate = Certificate.objects.get(pk=issue_certificate(enrollment.pk))
    language = enrollment.course.locale.language_code
    assert certificate.course_titles == {language: enrollment.course.title}


def test_the_linkedin_link_fills_in_linkedins_add_to_profile_form():
    certificate = CertificateFactory(
        issued_at=datetime.datetime(2026, 3, 9, tzinfo=datetime.UTC),
        valid_until=datetime.datetime(2028, 3, 9, tzinfo=datetime.UTC),
    )
    url = urlsplit(linkedin_add_url(certificate, language="fr"))
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://www.linkedin.com/profile/add"
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert query["startTask"] == "CERTIFICATION_NAME"
    assert query["name"] == certificate.course_title
    assert query["organizationName"] == certificate.association_name_fr
    assert (query["issueYear"], query["issueMonth"]) == ("2026", "3")
    assert (query["expirationYear"], query["expirationMonth"]) == ("2028", "3")
    assert query["certUrl"] == f"{settings.SITE_URL}/verify/{certificate.code}/"
    assert query["certId"] == certificate.code_display


def test_the_learner_page_offers_the_wallet_download_and_linkedin(client):
    certificate = CertificateFactory(pdf_sha256="0" * 64, credential_jwt="a.b.c")
    client.force_login(certificate.learner)
    text = client.get(reverse("certificates:mine")).content.decode()
    assert reverse("certificates:credential", args=[certificate.code]) in text
    assert 'data-share="linkedin"' in text and "linkedin.com/profile/add" in text
    response = client.get(reverse("certificates:credential", args=[certificate.code]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content == b"a.b.c"


def test_a_revoked_certificate_is_not_offered_for_linkedin(client):
    certificate = CertificateFactory(pdf_sha256="0" * 64, status=Certificate.Status.REVOKED)
    client.force_login(certificate.learner)
    assert 'data-share="linkedin"' not in client.get(reverse("certificates:mine")).content.decode()


def test_a_rule_with_an_expiry_gives_valid_until_shown_on_the_verification_page(client):
    enrollment = eligible_enrollment()
    completion_rule_set(course=enrollment.course, require_all_lessons=True, valid_for_months=12)
    certificate = Certificate.objects.get(pk=issue_certificate(enrollment.pk))
    assert certificate.valid_until == add_months(certificate.issued_at, 12)
    page = client.get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    local = timezone.localtime(certificate.valid_until)
    assert f'data-valid-until="{local.date().isoformat()}T' in page
    record = client.get(reverse("certificates:verify_json", args=[certificate.code])).json()
    assert record["valid_until"] == certificate.valid_until.isoformat()


def test_an_expired_certificate_says_so(client):
    certificate = CertificateFactory(valid_until=timezone.now() - datetime.timedelta(days=1))
    page = client.get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    assert 'data-status="expired"' in page
    assert client.get(reverse("certificates:verify_json", args=[certificate.code])).json()[
        "expired"
    ]


@pytest.mark.parametrize("months", [0, 601, -1])
def test_an_expiry_out_of_range_is_refused(months):
    enrollment = eligible_enrollment()
    with pytest.raises(ValidationError):
        completion_rule_set(
            course=enrollment.course, require_all_lessons=True, valid_for_months=months
        )


def test_add_months_keeps_the_end_of_the_month():
    moment = datetime.datetime(2026, 1, 31, 12, tzinfo=datetime.UTC)
    assert add_months(moment, 1) == datetime.datetime(2026, 2, 28, 12, tzinfo=datetime.UTC)
    assert add_months(moment, 24).year == 2028


@pytest.fixture
def revoked(trainer_association, django_capture_on_commit_callbacks):
    certificate = _issue(
        eligible_enrollment(association=trainer_association), django_capture_on_commit_callbacks
    )
    admin = MembershipFactory(organisation=trainer_association, role=Membership.Role.ADMIN).user
    certificate_revoke(certificate=certificate, by=admin, reason="Wrong learner")
    mail.outbox.clear()
    certificate.refresh_from_db()
    return certificate, admin


def test_a_revocation_made_in_error_is_undone_by_issuing_again(
    client, revoked, django_capture_on_commit_callbacks
):
    original, admin = revoked
    with django_capture_on_commit_callbacks(execute=True):
        successor = certificate_reissue(certificate=original, by=admin, reason="It was him")
    original.refresh_from_db()
    assert original.is_revoked and successor.replaces == original
    assert successor.status == Certificate.Status.VALID and successor.code != original.code
    assert successor.awarded_at == original.issued_at
    assert successor.issued_on == original.issued_on and successor.credential_jwt
    assert len(mail.outbox) == 1 and successor.code_display in mail.outbox[0].body
    assert [c.pk for c in certificate_history(certificate=original)] == [original.pk, successor.pk]
    page = client.get(reverse("certificates:verify", args=[original.code])).content.decode()
    assert f'data-replaced-by="{successor.code}"' in page
    page = client.get(reverse("certificates:verify", args=[successor.code])).content.decode()
    assert f'data-history="{original.code}"' in page and 'data-status="valid"' in page
    record = client.get(reverse("certificates:verify_json", args=[successor.code])).json()
    assert [entry["code"] for entry in record["history"]] == [original.code, successor.code]


def test_the_funders_figures_count_a_reissued_certificate_once(revoked):
    original, admin = revoked
    agreement = AgreementFactory(
        association=original.association, starts_on="2020-01-01", ends_on="2099-12-31"
    )
    assert certificates_for_agreement(agreement=agreement).count() == 1
    certificate_reissue(certificate=original, by=admin, reason="It was him")
    assert list(certificates_for_agreement(agreement=agreement)) == [
        Certificate.objects.get(replaces=original)
    ]


def test_reissuing_is_refused_without_reason_twice_for_a_valid_one_or_to_strangers(revoked):
    original, admin = revoked
    with pytest.raises(ValidationError) as error:
        certificate_reissue(certificate=original, by=admin, reason="  ")
    assert error.value.code == "reason_required"
    with pytest.raises(PermissionDenied):
        certificate_reissue(certificate=original, by=UserFactory(), reason="Because")
    successor = certificate_reissue(certificate=original, by=admin, reason="It was him")
    with pytest.raises(ValidationError) as error:
        certificate_reissue(certificate=original, by=admin, reason="Again")
    assert error.value.code == "reissued"
    with pytest.raises(ValidationError) as error:
        certificate_reissue(certificate=successor, by=admin, reason="Not revoked")
    assert error.value.code == "not_revoked"


def test_the_association_page_reissues_through_the_revocation_form(client, revoked):
    original, admin = revoked
    client.force_login(admin)
    page = client.get(reverse("certificates:association", args=[original.association_id]))
    assert 'data-action="reissue"' in page.content.decode()
    url = reverse("certificates:revoke", args=[original.code])
    client.post(url, {"action": "reissue", "reason": ""})
    assert not Certificate.objects.filter(replaces=original).exists()
    client.post(url, {"action": "reissue", "reason": "It was him"})
    client.post(url, {"action": "reissue", "reason": "It was him"})  # sent twice
    assert Certificate.objects.filter(replaces=original).count() == 1
    client.force_login(UserFactory())
    assert client.post(url, {"action": "reissue", "reason": "x"}).status_code == 403


def test_the_footer_links_the_public_verification_page(client):
    page = client.get(reverse("certificates:verify_form")).content.decode()
    assert f'href="{reverse("certificates:verify_form")}" data-footer="verify"' in page
