from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.uploads import harden_download

from .. import permissions, services
from ..forms import ApplicationForm, DocumentUploadForm
from ..models import Application, ApplicationDocument, Call
from .common import show_errors


def _own_application(user, pk) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("call__programme", "association"), pk=pk
    )
    if not permissions.can_view_application(user, application):
        raise Http404
    return application


@login_required
def my_applications(request):
    associations = permissions.applying_associations(request.user)
    applications = (
        Application.objects.filter(association__in=associations)
        .select_related("call", "association")
        .order_by("-created_at")
    )
    return render(request, "calls/my_applications.html", {"applications": applications})


@login_required
@require_POST
def application_start(request, pk):
    call = get_object_or_404(Call, pk=pk, status=Call.Status.PUBLISHED)
    associations = permissions.applying_associations(request.user)
    association = associations.filter(pk=request.POST.get("association")).first()
    if association is None:
        association = associations.first() if associations.count() == 1 else None
    if association is None:
        messages.error(request, _("Choose the association you apply for."))
        return redirect("calls:call_detail", pk=call.pk)
    try:
        application = services.application_start(
            call=call, association=association, by=request.user
        )
    except (ValidationError, PermissionDenied) as error:
        if isinstance(error, PermissionDenied):
            messages.error(request, str(error))
        else:
            show_errors(request, error)
        return redirect("calls:call_detail", pk=call.pk)
    messages.success(request, _("Your draft is saved: come back to it as often as you need."))
    return redirect("calls:application_edit", pk=application.pk)


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request, pk):
    application = _own_application(request.user, pk)
    editable = application.is_draft and permissions.can_edit_application(request.user, application)
    form = ApplicationForm(
        request.POST if request.method == "POST" else None, application=application
    )
    if request.method == "POST":
        if not permissions.can_edit_application(request.user, application):
            raise Http404
        if form.is_valid():
            try:
                services.application_save(
                    application=application,
                    by=request.user,
                    answers=form.answers(),
                    **form.base_values(),
                )
                if request.POST.get("action") == "submit":
                    services.application_submit(application=application, by=request.user)
                    messages.success(
                        request,
                        _("Your application is submitted. The receipt is on its way by e-mail."),
                    )
                else:
                    messages.success(request, _("Draft saved."))
                return redirect("calls:application_edit", pk=application.pk)
            except ValidationError as error:
                show_errors(request, error)
                application.refresh_from_db()
        else:
            messages.error(request, _("Please correct the errors below."))
    return render(
        request,
        "calls/application_form.html",
        {
            "application": application,
            "call": application.call,
            "form": form,
            "editable": editable,
            "missing": services.missing_items(application) if application.is_draft else [],
            "uploads": application.uploads.select_related("document"),
            "upload_form": DocumentUploadForm(call=application.call),
            "checks": application.checks.all(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def document_upload(request, pk):
    application = _own_application(request.user, pk)
    form = DocumentUploadForm(request.POST, request.FILES, call=application.call)
    if form.is_valid():
        try:
            services.application_document_upload(
                application=application,
                document=form.cleaned_data["document"],
                upload=form.cleaned_data["file"],
                by=request.user,
            )
            messages.success(request, _("Document received."))
        except ValidationError as error:
            show_errors(request, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("calls:application_edit", pk=application.pk)


@login_required
@require_POST
def application_withdraw(request, pk):
    application = _own_application(request.user, pk)
    try:
        services.application_withdraw(application=application, by=request.user)
        messages.success(request, _("The application is withdrawn."))
    except ValidationError as error:
        show_errors(request, error)
    except PermissionDenied as error:
        messages.error(request, str(error))
    return redirect("calls:application_edit", pk=application.pk)


@login_required
def document_download(request, pk):
    upload = get_object_or_404(
        ApplicationDocument.objects.select_related("application__call__programme__funder"), pk=pk
    )
    application = upload.application
    allowed = permissions.can_view_application(request.user, application)
    if not allowed:
        seat = permissions.committee_seat(request.user, application.call)
        allowed = (
            seat is not None
            and not seat.committee.anonymised
            and application.declarations.filter(member=seat, has_conflict=False).exists()
        )
    if not allowed:
        raise Http404
    return harden_download(
        FileResponse(
            upload.file.open("rb"),
            as_attachment=True,
            filename=upload.original_name,
            content_type=upload.content_type,
        )
    )
