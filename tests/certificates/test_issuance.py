"""Issuing certificates: once per learner and course, a bilingual PDF with a QR code to the
verification page, the agreement of the period, revocation by the right people."""

import datetime
import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from certificates.models import Certificate, code_generate, code_normalize
from certificates.models.codes import SCHEME_DAMM, code_schemes
from certificates.selectors import certificates_for_agreement
from certificates.services import certificate_revoke
from certificates.sponsors import certificate_sponsor
from certificates.tasks import issue_certificate
from grants.models import AuditLog
from organisations.models import Membership

from ..factories.accounts import UserFactory
from ..factories.certificates import CertificateFactory, eligible_enrollment, issued_certificate
from ..factories.grants import AgreementFactory
from ..factories.organisations import MembershipFactory

pytestmark = pytest.mark.django_db


def test_codes_have_a_check_character_that_catches_typos():
    # Enumerated in test_codes.py; a typo may still satisfy the legacy check character, and is
    # then looked up among the legacy certificates only.
    code = code_generate()
    assert len(code) == 11 and code_normalize(code) == code
    assert code_normalize(f"{code[:4]}-{code[4:8]} {code[8:]}".lower()) == code
    swapped = code[1] + code[0] + code[2:]
    assert code[0] == code[1] or SCHEME_DAMM not in code_schemes(swapped)[1]
    wrong = ("3" if code[3] != "3" else "4").join([code[:3], code[4:]])
    assert SCHEME_DAMM not in code_schemes(wrong)[1]
    assert code_normalize("O0I1L") is None


def test_running_the_task_twice_issues_one_certificate():
    enrollment = eligible_enrollment()
    first = issue_certificate(enrollment.pk)
    second = issue_certificate(enrollment.pk)
    assert first == second
    certificate = Certificate.objects.get()
    assert certificate.pdf_sha256 == hashlib.sha256(certificate.pdf.read()).hexdigest()
    enrollment.refresh_from_db()
    assert enrollment.status == "completed" and enrollment.completed_at is not None


def test_a_learner_who_does_not_meet_the_rule_gets_nothing():
    enrollment = eligible_enrollment(lessons=2)
    enrollment.lesson_progress.first().delete()
    assert issue_certificate(enrollment.pk) is None
    assert not Certificate.objects.exists()
    enrollment.refresh_from_db()
    assert enrollment.status == "active"


def test_the_certificate_carries_the_agreement_of_the_period(trainer_association):
    today = timezone.localdate()
    AgreementFactory(  # over: not this one
        association=trainer_association,
        starts_on=today - datetime.timedelta(days=800),
        ends_on=today - datetime.timedelta(days=400),
    )
    current = AgreementFactory(
        association=trainer_association,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=300),
    )
    certificate = issued_certificate(association=trainer_association)
    sponsor = certificate_sponsor(certificate)
    assert (sponsor["agreement"], sponsor["programme"]) == (current, current.programme)
    assert certificate.funder_name_ar == current.programme.funder.name_ar
    assert certificate.hours == certificate.course.duration_hours
    assert list(certificates_for_agreement(agreement=current)) == [certificate]


def test_certificates_for_agreement_counts_revoked_and_respects_the_period(trainer_association):
    agreement = AgreementFactory(association=trainer_association)
    inside = CertificateFactory(
        course=eligible_enrollment(association=trainer_association).course,
        issued_on=agreement.starts_on,
        status=Certificate.Status.REVOKED,
    )
    CertificateFactory(
        course=eligible_enrollment(association=trainer_association).course,
        issued_on=agreement.ends_on + datetime.timedelta(days=1),
    )
    CertificateFactory(issued_on=agreement.starts_on)  # another association
    assert list(certificates_for_agreement(agreement=agreement)) == [inside]


def _run(*args: str) -> str:
    """Run a poppler or zbar tool found on PATH on our own temporary files."""
    command = [shutil.which(args[0]), *args[1:]]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


def _pdf_file(certificate, tmp_path) -> Path:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(certificate.pdf.open("rb").read())
    return path


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) missing")
def test_the_pdf_names_the_learner_in_arabic_and_latin(tmp_path):
    learner = UserFactory(full_name_ar="فاطمة الزهراء بناني", full_name_latin="Fatima Bennani")
    certificate = issued_certificate(learner=learner)
    text = _run("pdftotext", str(_pdf_file(certificate, tmp_path)), "-")
    assert "Fatima Bennani" in text
    assert certificate.code_display in text
    # pdftotext may give the logical or the visual order of right-to-left words.
    assert "فاطمة" in text or "فاطمة"[::-1] in text


@pytest.mark.skipif(
    not (shutil.which("zbarimg") and shutil.which("pdftoppm")), reason="zbar-tools missing"
)
def test_the_qr_code_decodes_to_the_short_verification_url(tmp_path):
    certificate = issued_certificate()
    _run(
        "pdftoppm", "-png", "-r", "150", str(_pdf_file(certificate, tmp_path)), str(tmp_path / "p")
    )
    image = next(tmp_path.glob("p*.png"))
    decoded = _run("zbarimg", "--raw", "-q", str(image)).strip()
    assert decoded == f"{settings.SITE_URL}/verify/{certificate.code}/"


def test_revocation_needs_a_reason_and_the_issuing_admin(trainer_association):
    certificate = CertificateFactory(
        course=eligible_enrollment(association=trainer_association).course
    )
    admin = MembershipFactory(organisation=trainer_association, role=Membership.Role.ADMIN).user
    trainer = MembershipFactory(organisation=trainer_association, role=Membership.Role.TRAINER).user
    other_admin = MembershipFactory(organisation__kind="trainer", role=Membership.Role.ADMIN).user
    for someone in (trainer, other_admin, certificate.learner):
        with pytest.raises(PermissionDenied):
            certificate_revoke(certificate=certificate, by=someone, reason="fraud")
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=certificate, by=admin, reason="  ")
    revoked = certificate_revoke(certificate=certificate, by=admin, reason="Identity fraud")
    assert revoked.is_revoked and revoked.revoked_by == admin and revoked.revoked_at
    entry = AuditLog.objects.get(action="certificate.revoke")
    assert entry.object_id == str(certificate.pk) and entry.actor == admin
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=revoked, by=admin, reason="again")
