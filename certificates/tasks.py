"""Background work for certificates: thin tasks that call the services."""

from celery import shared_task


@shared_task(name="certificates.tasks.issue_certificate")
def issue_certificate(enrollment_id: int) -> int | None:
    """Issue the certificate if the enrollment meets its rule; running it again changes nothing."""
    from .services import certificate_issue

    certificate = certificate_issue(enrollment_id=enrollment_id)
    return certificate.pk if certificate else None


@shared_task(name="certificates.tasks.build_certificate_bundle")
def build_certificate_bundle(bundle_id: str) -> None:
    from .services import certificate_bundle_build

    certificate_bundle_build(bundle_id=bundle_id)
