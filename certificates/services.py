"""Operations on certificates: issue when the rule is met, revoke, bundle a course's PDFs."""

from __future__ import annotations

import calendar
import datetime
import hashlib
import io
import secrets
import zipfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

import outbox
from accounts.services import email_queue
from core.storage import save_replacing
from courses.models import Enrollment
from courses.services.enrollment import enrollment_complete
from organisations import permissions

from .completion import completion_evaluate
from .credentials import FORMAT_OB3, credential_format, credential_sign
from .models import Certificate, CertificateBundle, CompletionRule
from .pdf import certificate_pdf
from .signals import certificate_reissued, certificate_revoked
from .signing import CredentialError, jws_verify
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


def add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    """``moment`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    return moment.replace(
        year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1])
    )


def _valid_until(course, issued_at) -> datetime.datetime | None:
    rule = CompletionRule.objects.filter(course_id=course.pk).only("valid_for_months").first()
    if rule is None or not rule.valid_for_months:
        return None
    return add_months(issued_at, rule.valid_for_months)


def course_titles(course) -> dict:
    """{language: title} of ``course`` in every locale it has a translation in."""
    pages = course.get_translations(inclusive=True).select_related("locale")
    return {page.locale.language_code: page.title for page in pages}


def _snapshot(enrollment: Enrollment) -> dict:
    learner, course = enrollment.learner, enrollment.course
    association = course.association
    today = timezone.localdate()
    sponsor = sponsor_snapshot(association=association, on=today)
    issued_at = timezone.now()
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
        "course_titles": course_titles(course),
        "association_name_ar": association.name_ar,
        "association_name_fr": association.name_fr,
        "hours": course.duration_hours,
        "issued_on": today,
        "issued_at": issued_at,
        "valid_until": _valid_until(course, issued_at),
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
    """Draw the PDF and sign the credential, once: the row is locked while they are stored.
    The run that stores them also e-mails the learner (once the transaction commits)."""
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
        certificate_email_issued(certificate=locked)
    return locked


def certificate_email_issued(*, certificate: Certificate) -> bool:
    """E-mail the holder, in their language, that the certificate is issued, with the link to
    its public verification page. Through the outbox: sent once the transaction commits."""
    learner = certificate.learner
    if learner is None or not learner.email or getattr(learner, "erased_at", None):
        return False
    language = learner.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        url = settings.SITE_URL + reverse("certificates:verify", args=[certificate.code])
        mine = settings.SITE_URL + reverse("certificates:mine")
        title = certificate.course_title_in(language)
        body = render_to_string(
            "certificates/email/issued.txt",
            {
                "certificate": certificate,
                "learner": learner,
                "title": title,
                "verification_url": url,
                "mine_url": mine,
                "reissued": certificate.replaces_id is not None,
            },
        )
        subject = gettext("Your certificate: %(title)s") % {"title": title}
    email_queue(subject=subject, body=body, to=[learner.email])
    return True


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


_COPIED = (
    "learner",
    "enrollment",
    "course",
    "association",
    "holder_name_ar",
    "holder_name_latin",
    "course_title",
    "course_titles",
    "association_name_ar",
    "association_name_fr",
    "funder_name_ar",
    "funder_name_fr",
    "hours",
    "issued_on",
    "valid_until",
)


def certificate_reissue(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Issue a certificate again after a revocation made in error. The revoked one stays
    revoked (a revocation in a Bitstring Status List is final) and names its successor: a new
    code, PDF and credential saying the same as the original, with its first award date
    (``awarded_at``) and day of issue, so the funder's figures count it once."""
    if not permissions.can_revoke_certificate(by, certificate):
        raise PermissionDenied(_("You may not issue this certificate again."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the revocation was a mistake."), code="reason_required")
    with transaction.atomic():
        original = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not original.is_revoked:
            raise ValidationError(_("This certificate is not revoked."), code="not_revoked")
        successor = Certificate.objects.filter(replaces=original).first()
        if successor is not None:
            raise ValidationError(_("This certificate was already issued again."), code="reissued")
        try:
            with transaction.atomic():
                successor = Certificate.objects.create(
                    **{name: getattr(original, name) for name in _COPIED},
                    replaces=original,
                    awarded_at=original.awarded_at or original.issued_at,
                    identity_salt=secrets.token_hex(8),
                )
        except IntegrityError:  # the learner holds a valid certificate of this course
            raise ValidationError(
                _("The learner already holds a valid certificate of this course."),
                code="valid_exists",
            ) from None
        certificate_reissued.send(
            sender=Certificate, certificate=successor, replaces=original, by=by, reason=reason
        )
    return certificate_documents_make(certificate=successor)


def certificate_resign(*, certificate: Certificate, force: bool = False) -> bool:
    """Sign ``certificate``'s credential again in the current format with the active key,
    keeping its holder identifier (the salted hash: an erased holder's address is gone).
    Only credentials of the old format, unless ``force``. True when it was re-signed."""
    token = certificate.credential_jwt
    if not token or (credential_format(token) == FORMAT_OB3 and not force):
        return False
    try:
        _header, payload = jws_verify(token)
    except CredentialError:
        return False
    subject = payload.get("credentialSubject")
    identifier = subject.get("identifier") if isinstance(subject, dict) else None
    if not identifier:
        return False
    jwt = credential_sign(certificate, identifier=identifier)
    Certificate.objects.filter(pk=certificate.pk, credential_jwt=token).update(credential_jwt=jwt)
    certificate.credential_jwt = jwt
    return True


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
