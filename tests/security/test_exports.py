"""Pages and files that carry other people's names send ``personal_data_exported``: the
security log keeps who took which, when and from where."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from courses.attendance.services import sheet_scan_upload
from grants.models import AuditLog, EvidencePack
from organisations.models import Membership
from security.models import SecurityEvent
from tests.factories.grants import AgreementFactory, ProgrammeFactory
from tests.factories.organisations import member_of
from tests.grants.evidence_data import build
from tests.grants.helpers import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(funder, trainer_association):
    return AgreementFactory(
        programme=ProgrammeFactory(funder=funder), association=trainer_association
    )


@pytest.fixture
def data(agreement):
    return build(agreement)


def _get(client, name, *args, **query):
    with translation.override("fr"):
        url = reverse(name, args=args)
    return client.get(url, query)


def _exports():
    return list(
        SecurityEvent.objects.filter(kind=SecurityEvent.Kind.DATA_EXPORTED).values_list(
            "actor_id", "details__scope"
        )
    )


@pytest.mark.parametrize(
    ("name", "args", "scope"),
    [
        ("attendance:evidence", ("s1",), "attendance.evidence"),
        ("attendance:session_export", ("s1", "csv"), "attendance.session_export.csv"),
        ("attendance:session_export", ("s1", "xlsx"), "attendance.session_export.xlsx"),
        ("attendance:course_export", ("course", "csv"), "attendance.course_export.csv"),
        ("courses:session_roster", ("s1",), "sessions.roster"),
    ],
)
def test_attendance_with_names(client, data, name, args, scope):
    client.force_login(data["trainer"])
    resolved = [data[a].pk if a in data else a for a in args]
    assert _get(client, name, *resolved).status_code == 200
    assert _exports() == [(data["trainer"].pk, scope)]


def test_a_signed_sheet_scan(client, data):
    upload = SimpleUploadedFile("sheet.pdf", PDF + b"scan", content_type="application/pdf")
    scan = sheet_scan_upload(session=data["s1"], file=upload, by=data["trainer"])
    client.force_login(data["trainer"])
    assert _get(client, "attendance:scan_file", scan.pk).status_code == 200
    assert _exports() == [(data["trainer"].pk, "attendance.sheet_scan")]


def test_a_refused_export_records_nothing(client, data, other_trainer_association):
    client.force_login(member_of(other_trainer_association, Membership.Role.TRAINER))
    assert _get(client, "attendance:session_export", data["s1"].pk, "csv").status_code == 403
    assert _exports() == []


@pytest.mark.parametrize(
    ("name", "scope"),
    [
        ("grants:evidence_beneficiaries", "grants.evidence_beneficiaries"),
        ("grants:evidence_certificates", "grants.evidence_certificates"),
    ],
)
def test_drill_downs_keep_the_grants_audit_entry_and_add_a_security_event(
    client, agreement, data, officer, name, scope
):
    client.force_login(officer)
    assert _get(client, name, agreement.pk).status_code == 200
    assert _exports() == [(officer.pk, scope)]
    assert AuditLog.objects.filter(action="evidence.names_viewed", actor=officer).count() == 1


def test_without_names_nothing_is_exported(client, agreement, data, funder):
    client.force_login(member_of(funder, Membership.Role.FINANCE))
    assert _get(client, "grants:evidence_beneficiaries", agreement.pk).status_code == 200
    assert _exports() == []


def test_an_evidence_pack_with_names(client, agreement, data, officer):
    pack = EvidencePack.objects.create(
        agreement=agreement,
        requested_by=officer,
        with_names=True,
        status=EvidencePack.Status.READY,
        evidence_fingerprint="0" * 64,
    )
    pack.file.save("pack.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18))
    client.force_login(officer)
    assert _get(client, "grants:pack_download", pack.pk).status_code == 200
    assert _exports() == [(officer.pk, "grants.evidence_pack")]


def test_a_certificate_pdf_downloaded_by_someone_else_than_its_holder(client, data):
    from tests.factories.certificates import issued_certificate

    certificate = issued_certificate(association=data["course"].association)
    client.force_login(certificate.learner)
    assert _get(client, "certificates:pdf", certificate.code).status_code == 200
    assert _exports() == []  # one's own certificate
    client.force_login(data["trainer"])
    assert _get(client, "certificates:pdf", certificate.code).status_code == 200
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.DATA_EXPORTED)
    assert (event.actor, event.subject) == (data["trainer"], certificate.learner)
    assert event.details["scope"] == "certificates.pdf"
