"""Operations on certificates: issue when the rule is met, revoke, bundle a course's PDFs."""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import outbox
from core.storage import save_replacing
from courses.models import Enrollment
from courses.services.enrollment import enrollment_complete
from organisations import permissions

from .completion import completion_evaluate
from .credentials import credential_sign
from .models import Certificate, CertificateBundle, CompletionRule
from .pdf import certificate_pdf
from .signals import certificate_revoked
from .sponsors import sponsor_snapshot


def certificate_issue_if_eligible(*, enrollment: Enrollment) -> bool:
    """Schedule issuance once the transaction commits when ``enrollment`` meets its course's
    rule and has no certificate yet. Called wherever progress changes."""
    # Most courses have no rule: one query, and nothing more, on every lesson or quiz.
    if not CompletionRule.objects.filter(course_id=enrollment.course_id).exists():
        return False
    if Certificate.objects.filter(
        learner_id=enrollment.learner_id, course_id=enrollment.course_id
    ).exists():
        return False
    met, _conditions = completion_evaluate(enrollment=enrollment)
    if not met:
        return False
    from .tasks import issue_certificate

    outbox.enqueue(issue_certificate, args=[enrollment.pk])
    return True


def certificate_issue_after_attendance(*, record) -> bool:
    """The attendance services' hook: ``record`` is an ``AttendanceRecord`` just written."""
    course_id = record.session.course_id
    if not (record.learner_id and course_id):
        return False
    enrollment = Enrollment.objects.filter(learner_id=record.learner_id, course_id=course_id)
    enrollment = enrollment.first()
    return bool(enrollment) and certificate_issue_if_eligible(enrollment=enrollment)


def _snapshot(enrollment: Enrollment) -> dict:
    learner, course = enrollment.learner, enrollment.course
    association = course.association
    today = timezone.localdate()
    sponsor = sponsor_snapshot(association=association, on=today)
    return {
        "learner": learner,
        "enrollment": enrollment,
        "course": course,
        "association": association,
        # The funder's names (grants/selectors.py: certificate_sponsor); the agreement and the
        # programme are not stored (sponsors.certificate_sponsor asks again from the day).
        "funder_name_ar": sponsor["funder_name_ar"],
        "funder_name_fr": sponsor["funder_name_fr"],
        "holder_name_ar": learner.full_name_ar,
        "holder_name_latin": learner.full_name_latin or learner.get_full_name() or learner.email,
        "course_title": course.title,
        "association_name_ar": association.name_ar,
        "association_name_fr": association.name_fr,
        "hours": course.duration_hours,
        "issued_on": today,
        "identity_salt": secrets.token_hex(8),
    }


def certificate_issue(*, enrollment_id: int) -> Certificate | None:
    """Issue the certificate of an enrollment that meets its rule. Idempotent: a second run,
    or two at once, find the one certificate (unique per learner and course)."""
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update(of=("self",))
            .select_related("learner", "course__association")
            .filter(pk=enrollment_id)
            .first()
        )
        if enrollment is None:
            return None
        certificate = Certificate.objects.filter(
            learner_id=enrollment.learner_id, course_id=enrollment.course_id
        ).first()
        if certificate is None:
            met, _conditions = completion_evaluate(enrollment=enrollment)
            if not met or enrollment.course.association_id is None:
                return None
            try:
                with transaction.atomic():
                    certificate = Certificate.objects.create(**_snapshot(enrollment))
            except IntegrityError:  # issued by a concurrent run
                certificate = Certificate.objects.get(
                    learner_id=enrollment.learner_id, course_id=enrollment.course_id
                )
        enrollment_complete(enrollment=enrollment)
    if not certificate.pdf_sha256:
        certificate = certificate_documents_make(certificate=certificate)
    return certificate


def certificate_documents_make(*, certificate: Certificate) -> Certificate:
    """Draw the PDF and sign the credential, once: the row is locked while they are stored."""
    pdf = certificate_pdf(certificate)
    email = certificate.learner.email if certificate.learner else ""
    jwt = credential_sign(certificate, email=email)
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.pdf_sha256:
            return locked
        # One file per certificate under its own name, written whole or not at all: a run
        # killed before the commit below and redone replaces the file instead of adding one.
        name = locked.pdf.field.generate_filename(locked, f"{locked.code}.pdf")
        locked.pdf.name = save_replacing(locked.pdf.storage, name, pdf)
        locked.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        locked.credential_jwt = jwt
        locked.save(update_fields=["pdf", "pdf_sha256", "credential_jwt"])
    return locked


def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Revoke with a reason; the status list flips the credential's bit at once."""
    if not permissions.can_revoke_certificate(by, certificate):
        raise PermissionDenied(_("You may not revoke this certificate."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why this certificate is revoked."), code="reason_required")
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.is_revoked:
            raise ValidationError(_("This certificate is already revoked."), code="revoked")
        certificate.status = Certificate.Status.REVOKED
        certificate.revoked_reason = reason
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = by
        certificate.save(update_fields=["status", "revoked_reason", "revoked_at", "revoked_by"])
        # Grants writes the audit entry (grants/audit.py), in this transaction.
        certificate_revoked.send(
            sender=Certificate,
            certificate=certificate,
            by=by,
            before={"status": Certificate.Status.VALID},
            after={"status": certificate.status, "reason": reason},
        )
    return certificate


def certificate_bundle_request(*, course, by) -> CertificateBundle:
    if not permissions.can_manage_certificates(by, course.association):
        raise PermissionDenied(_("You may not download these certificates."))
    bundle = CertificateBundle.objects.create(course=course, requested_by=by)
    from .tasks import build_certificate_bundle

    outbox.enqueue(build_certificate_bundle, args=[str(bundle.pk)])
    return bundle


def certificate_bundle_build(*, bundle_id) -> CertificateBundle | None:
    bundle = CertificateBundle.objects.filter(pk=bundle_id).first()
    if bundle is None or bundle.status == CertificateBundle.Status.DONE:
        return bundle
    certificates = list(
        Certificate.objects.filter(course_id=bundle.course_id).exclude(pdf="").order_by("pk")
    )
    CertificateBundle.objects.filter(pk=bundle.pk).update(status=CertificateBundle.Status.RUNNING)
    buffer = io.BytesIO()
    try:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            manifest = []
            for number, certificate in enumerate(certificates, start=1):
                with certificate.pdf.open("rb") as handle:
                    archive.writestr(f"{certificate.code}.pdf", handle.read())
                manifest.append(f"{certificate.pdf_sha256}  {certificate.code}.pdf")
                progress = int(number * 100 / len(certificates))
                if progress < 100:
                    CertificateBundle.objects.filter(pk=bundle.pk).update(progress=progress)
            archive.writestr("SHA256SUMS", "\n".join(manifest) + "\n")
    except OSError:
        CertificateBundle.objects.filter(pk=bundle.pk).update(
            status=CertificateBundle.Status.FAILED
        )
        raise
    bundle.refresh_from_db()
    name = bundle.file.field.generate_filename(bundle, f"{bundle.pk}.zip")
    bundle.file.name = save_replacing(bundle.file.storage, name, buffer.getvalue())
    bundle.status = CertificateBundle.Status.DONE
    bundle.progress = 100
    bundle.save(update_fields=["file", "status", "progress"])
    return bundle


def completion_rule_set(*, course, **conditions) -> CompletionRule:
    """Create or replace ``course``'s completion rule (admins use the Wagtail snippet)."""
    rule = CompletionRule.objects.filter(course=course).first() or CompletionRule(course=course)
    for name, value in conditions.items():
        setattr(rule, name, value)
    rule.full_clean()
    rule.save()
    return rule
