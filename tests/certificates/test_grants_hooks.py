"""What grants adds to certificates through their hooks: the sponsor a certificate names and
counts for, and the audit entry of a revocation, written in the revocation's transaction."""

import datetime

import pytest
from django.utils import timezone

from certificates import sponsors
from certificates.models import Certificate
from certificates.services import certificate_revoke
from certificates.signals import certificate_revoked
from grants.models import AuditLog
from grants.selectors import certificate_sponsor
from organisations.models import Membership

from ..factories.certificates import CertificateFactory, eligible_enrollment, issued_certificate
from ..factories.grants import AgreementFactory
from ..factories.organisations import MembershipFactory

pytestmark = pytest.mark.django_db


def test_grants_answers_who_sponsors_a_certificate(trainer_association):
    today = timezone.localdate()
    past = AgreementFactory(
        association=trainer_association,
        starts_on=today - datetime.timedelta(days=800),
        ends_on=today - datetime.timedelta(days=400),
    )
    assert sponsors._resolver is certificate_sponsor
    # Outside every agreement's period: the latest agreement's funder, no agreement.
    assert sponsors.sponsor_snapshot(association=trainer_association, on=today) == {
        "agreement": None,
        "programme": None,
        "funder_name_ar": past.programme.funder.name_ar,
        "funder_name_fr": past.programme.funder.name_fr,
    }
    during = sponsors.sponsor_snapshot(association=trainer_association, on=past.starts_on)
    assert (during["agreement"], during["programme"]) == (past, past.programme)


def test_without_a_sponsor_the_certificate_names_no_funder(trainer_association, monkeypatch):
    AgreementFactory(association=trainer_association)
    monkeypatch.setattr(sponsors, "_resolver", None)
    certificate = issued_certificate(association=trainer_association)
    sponsor = sponsors.certificate_sponsor(certificate)
    assert (sponsor["agreement"], sponsor["programme"]) == (None, None)
    assert (certificate.funder_name_ar, certificate.funder_name_fr) == ("", "")


def test_the_revocation_and_its_audit_entry_stand_or_fall_together(trainer_association):
    certificate = CertificateFactory(
        course=eligible_enrollment(association=trainer_association).course
    )
    admin = MembershipFactory(organisation=trainer_association, role=Membership.Role.ADMIN).user

    def fail(sender, **kwargs):
        raise RuntimeError("receiver failed")

    certificate_revoked.connect(fail)
    try:
        with pytest.raises(RuntimeError):
            certificate_revoke(certificate=certificate, by=admin, reason="Identity fraud")
    finally:
        certificate_revoked.disconnect(fail)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
    assert not AuditLog.objects.filter(action="certificate.revoke").exists()

    certificate_revoke(certificate=certificate, by=admin, reason="Identity fraud")
    entry = AuditLog.objects.get(action="certificate.revoke")
    assert (entry.object_type, entry.object_id) == ("certificates.certificate", str(certificate.pk))
    assert entry.before == {"status": "valid"}
    assert entry.after == {"status": "revoked", "reason": "Identity fraud"}
