"""Learner and association pages: my certificates, downloads, the issued list, revocation and
ZIP bundles. Every file leaves through a permission check."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.signals import data_exported
from courses.models import CoursePage
from organisations import permissions
from organisations.models import Organisation

from . import selectors, services, sponsors
from .forms import RevokeForm
from .models import CertificateBundle


def _certificate_or_404(code):
    certificate = selectors.certificate_by_code(code=code)
    if certificate is None:
        raise Http404
    return certificate


def _downloadable(request, code):
    certificate = _certificate_or_404(code)
    funder = partial(sponsors.certificate_funder, certificate)
    if not permissions.can_download_certificate(request.user, certificate, sponsor_funder=funder):
        raise PermissionDenied
    return certificate


@login_required
@require_GET
def my_certificates(request):
    return render(
        request,
        "certificates/my_certificates.html",
        {"certificates": selectors.learner_certificates(user=request.user)},
    )


@login_required
@require_GET
def certificate_pdf(request, code):
    certificate = _downloadable(request, code)
    if not certificate.pdf:
        raise Http404
    if certificate.learner_id != request.user.pk:
        # Someone else's certificate (the issuer's staff, the funder): a named document left.
        data_exported(
            request, "certificates.pdf", subject=certificate.learner, certificate=certificate.pk
        )
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"certificate-{certificate.code}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_GET
def certificate_credential(request, code):
    certificate = _downloadable(request, code)
    if not certificate.credential_jwt:
        raise Http404
    # The OB 3.0 VC-JWT itself: the file wallets import (and any verifier checks).
    response = HttpResponse(certificate.credential_jwt, content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="credential-{certificate.code}.jwt"'
    return response


@login_required
@require_GET
def association_certificates(request, org_id):
    association = get_object_or_404(Organisation, pk=org_id)
    if not permissions.can_manage_certificates(request.user, association):
        raise PermissionDenied
    certificates = list(selectors.association_certificates(association=association))
    courses = {c.course_id: c.course for c in certificates}
    return render(
        request,
        "certificates/association_certificates.html",
        {
            "association": association,
            "certificates": certificates,
            "courses": list(courses.values()),
            "may_revoke": bool(certificates)
            and permissions.can_revoke_certificate(request.user, certificates[0]),
            "revoke_form": RevokeForm(),
        },
    )


@login_required
@require_POST
def certificate_revoke(request, code):
    certificate = _certificate_or_404(code)
    # Checked before the form: an empty form must not answer anyone but the issuer's admin.
    if not permissions.can_revoke_certificate(request.user, certificate):
        raise PermissionDenied
    form = RevokeForm(request.POST)
    if request.POST.get("action") == "reissue":
        return _reissue(request, certificate, form)
    if not form.is_valid():
        messages.error(request, _("Say why this certificate is revoked."))
    else:
        try:
            services.certificate_revoke(
                certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            # Sent twice: the first revoked it, the second only says so.
            level = messages.info if error.code == "revoked" else messages.error
            level(request, " ".join(error.messages))
        else:
            messages.success(request, _("The certificate has been revoked."))
    return redirect("certificates:association", org_id=certificate.association_id)


def _reissue(request, certificate, form):
    """The same form, ``action=reissue``: a revocation made in error, undone by issuing the
    certificate again (services.certificate_reissue)."""
    if not form.is_valid():
        messages.error(request, _("Say why the revocation was a mistake."))
    else:
        try:
            successor = services.certificate_reissue(
                certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            level = messages.info if error.code == "reissued" else messages.error
            level(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The certificate has been issued again with the code %(code)s.")
                % {"code": successor.code_display},
            )
    return redirect("certificates:association", org_id=certificate.association_id)


@login_required
@require_POST
def bundle_create(request, course_id):
    course = get_object_or_404(CoursePage, pk=course_id)
    bundle = services.certificate_bundle_request(course=course, by=request.user)
    return redirect("certificates:bundle", pk=bundle.pk)


def _bundle(request, pk) -> CertificateBundle:
    bundle = get_object_or_404(CertificateBundle.objects.select_related("course"), pk=pk)
    if bundle.requested_by_id != request.user.pk:
        raise PermissionDenied
    return bundle


@login_required
@require_GET
def bundle_status(request, pk):
    return render(request, "certificates/bundle.html", {"bundle": _bundle(request, pk)})


@login_required
@require_GET
def bundle_download(request, pk):
    bundle = _bundle(request, pk)
    if bundle.status != CertificateBundle.Status.DONE or not bundle.file:
        raise Http404
    data_exported(request, "certificates.bundle", course=bundle.course_id)
    return FileResponse(
        bundle.file.open("rb"), as_attachment=True, filename=f"certificates-{bundle.course_id}.zip"
    )
