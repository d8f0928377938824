"""The funder's own pages for its programmes and agreements: programmes with their tranche plan
and report schedule, agreements (holder association chosen or created), the signed convention,
amendments, and the bulk import with its preview. Each view parses a form and calls a service."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.exports import csv_writer
from core.uploads import harden_download
from organisations import permissions
from organisations.models import Membership, Organisation
from organisations.services import organisation_create

from .forms import attach_errors
from .forms_programmes import (
    AgreementEditForm,
    AgreementForm,
    AmendmentForm,
    ConventionForm,
    ImportForm,
    ProgrammeForm,
    TranchePlanFormSet,
    plan_initial,
)
from .imports import COLUMNS, TEMPLATE_EXAMPLE
from .models import Agreement, AgreementAmendment, Programme, Tranche
from .services import amendments as amendment_services
from .services import imports as import_services
from .services import programmes as programme_services

IMPORT_SESSION_KEY = "grants.agreement_import"
FUNDER_STAFF = (Membership.Role.OFFICER, Membership.Role.FINANCE, Membership.Role.AUDITOR)


def _errors(form, error: ValidationError) -> None:
    attach_errors(form, error)


def _funders_of(user, *roles):
    if user.is_superuser:
        return Organisation.objects.filter(kind=Organisation.Kind.FUNDER)
    return Organisation.objects.filter(
        kind=Organisation.Kind.FUNDER,
        memberships__user=user,
        memberships__role__in=roles or FUNDER_STAFF,
    ).distinct()


def _programme_or_404(user, pk, *, manage=False) -> Programme:
    programme = get_object_or_404(Programme.objects.select_related("funder"), pk=pk)
    if not permissions.can_view_programmes(user, programme.funder):
        raise Http404
    if manage and not permissions.can_manage_programmes(user, programme.funder):
        raise PermissionDenied
    return programme


def _agreement_or_404(user, pk, *, manage=True) -> Agreement:
    agreement = get_object_or_404(
        Agreement.objects.select_related("programme__funder", "association"), pk=pk
    )
    if not permissions.can_view_agreement(user, agreement):
        raise Http404
    if manage and not permissions.can_manage_programmes(user, agreement.programme.funder):
        raise PermissionDenied
    return agreement


@login_required
def programme_list(request):
    funders = list(_funders_of(request.user))
    if not funders:
        raise PermissionDenied
    programmes = (
        Programme.objects.filter(funder__in=funders)
        .select_related("funder")
        .annotate(agreement_count=Count("agreements"))
        .prefetch_related("tranche_plan")
    )
    managed = [f for f in funders if permissions.can_manage_programmes(request.user, f)]
    return render(
        request,
        "grants/programmes/programme_list.html",
        {"programmes": programmes, "managed_funders": managed, "several": len(funders) > 1},
    )


def _plan_locked(programme) -> bool:
    if programme.pk is None:
        return False
    return Tranche.objects.filter(agreement__programme=programme).exists()


def _programme_form(request, *, programme, funder):
    form = ProgrammeForm(request.POST or None, instance=programme)
    initial = (
        plan_initial(programme)
        if programme.pk
        else [
            {"number": 1, "share": "50", "trigger": "signature"},
            {"number": 2, "share": "50", "trigger": "verified"},
        ]
    )
    plan = TranchePlanFormSet(request.POST or None, initial=initial, prefix="plan")
    locked = _plan_locked(programme)
    if request.method == "POST" and form.is_valid() and plan.is_valid():
        values = form.values()
        try:
            if programme.pk:
                programme = programme_services.programme_update(
                    programme=programme, by=request.user, tranche_plan=plan.plan(), **values
                )
                messages.success(request, _("The programme has been saved."))
            else:
                programme = programme_services.programme_create(
                    funder=funder, by=request.user, tranche_plan=plan.plan(), **values
                )
                messages.success(request, _("The programme has been created."))
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("grants:programme_detail", pk=programme.pk)
    return render(
        request,
        "grants/programmes/programme_form.html",
        {"form": form, "plan": plan, "programme": programme, "funder": funder, "locked": locked},
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request):
    managed = list(_funders_of(request.user, Membership.Role.OFFICER))
    if request.user.is_superuser:
        managed = list(_funders_of(request.user))
    funder_pk = request.GET.get("funder") or request.POST.get("funder")
    funder = next((f for f in managed if str(f.pk) == str(funder_pk)), None)
    if funder is None and len(managed) == 1:
        funder = managed[0]
    if funder is None:
        if not managed:
            raise PermissionDenied
        return redirect("grants:programme_list")
    return _programme_form(request, programme=Programme(funder=funder), funder=funder)


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, pk):
    programme = _programme_or_404(request.user, pk, manage=True)
    return _programme_form(request, programme=programme, funder=programme.funder)


@login_required
def programme_detail(request, pk):
    programme = _programme_or_404(request.user, pk)
    agreements = (
        programme.agreements.select_related("association")
        .prefetch_related(Prefetch("tranches", queryset=Tranche.objects.order_by("number")))
        .order_by("reference")
    )
    context = {
        "programme": programme,
        "plan": programme.tranche_plan.all(),
        "agreements": agreements,
        "imports": programme.imports.select_related("imported_by")[:10],
        "can_manage": permissions.can_manage_programmes(request.user, programme.funder),
        "documents": _document_labels(programme),
    }
    return render(request, "grants/programmes/programme_detail.html", context)


def _document_labels(programme) -> list[str]:
    from .models import DocumentType

    labels = dict(DocumentType.choices)
    return [str(labels.get(code, code)) for code in programme.required_documents]


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request, pk):
    programme = _programme_or_404(request.user, pk, manage=True)
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                association = form.cleaned_data["association"]
                new = form.new_association()
                if new is not None:
                    existing = Organisation.objects.filter(
                        registration_number=new["registration_number"]
                    ).first()
                    if existing is not None:
                        raise ValidationError(
                            _(
                                "An organisation with the registration number %(number)s "
                                "exists already: choose it in the list."
                            )
                            % {"number": new["registration_number"]}
                        )
                    association = organisation_create(kind=Organisation.Kind.TRAINER, **new)
                agreement = programme_services.agreement_create(
                    programme=programme,
                    association=association,
                    by=request.user,
                    create_tranches=True,
                    **form.agreement_values(),
                )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The agreement has been created with its tranches."))
            return redirect("grants:agreement_detail", pk=agreement.pk)
    return render(
        request,
        "grants/programmes/agreement_form.html",
        {"form": form, "programme": programme, "agreement": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, pk):
    agreement = _agreement_or_404(request.user, pk)
    initial = {
        "project_title_ar": agreement.project_title_ar,
        "project_title_fr": agreement.project_title_fr,
        "project_summary": agreement.project_summary,
        "signed_on": agreement.signed_on,
        "target_regions": list(agreement.target_regions.all()),
    }
    form = AgreementEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            programme_services.agreement_update(
                agreement=agreement, by=request.user, **form.values()
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The agreement has been saved."))
            return redirect("grants:agreement_detail", pk=agreement.pk)
    return render(
        request,
        "grants/programmes/agreement_form.html",
        {"form": form, "programme": agreement.programme, "agreement": agreement},
    )


@login_required
@require_http_methods(["GET", "POST"])
def amendment_create(request, pk):
    agreement = _agreement_or_404(request.user, pk)
    form = AmendmentForm(request.POST or None, request.FILES or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = amendment_services.agreement_amend(
                agreement=agreement, by=request.user, **form.values()
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(
                request,
                _("Amendment %(number)d is recorded and now in force.")
                % {"number": amendment.number},
            )
            return redirect("grants:agreement_detail", pk=agreement.pk)
    return render(
        request,
        "grants/programmes/amendment_form.html",
        {"form": form, "agreement": agreement},
    )


@login_required
@require_http_methods(["GET", "POST"])
def convention_upload(request, pk):
    agreement = _agreement_or_404(request.user, pk)
    form = ConventionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            amendment_services.agreement_convention_attach(
                agreement=agreement, by=request.user, upload=form.cleaned_data["document"]
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The signed convention has been stored."))
            return redirect("grants:agreement_detail", pk=agreement.pk)
    return render(
        request, "grants/programmes/convention_form.html", {"form": form, "agreement": agreement}
    )


def _pdf_response(field, filename):
    if not field:
        raise Http404
    return harden_download(
        FileResponse(
            field.open("rb"),
            as_attachment=True,
            filename=filename or "document.pdf",
            content_type="application/pdf",
        )
    )


@login_required
def convention_download(request, pk):
    agreement = _agreement_or_404(request.user, pk, manage=False)
    return _pdf_response(agreement.signed_convention, agreement.signed_convention_name)


@login_required
def amendment_download(request, pk):
    amendment = get_object_or_404(
        AgreementAmendment.objects.select_related(
            "agreement__programme__funder", "agreement__association"
        ),
        pk=pk,
    )
    if not permissions.can_view_agreement(request.user, amendment.agreement):
        raise Http404
    return _pdf_response(amendment.document, amendment.document_name)


# --- Bulk import ------------------------------------------------------------------------------


@login_required
def import_template(request):
    """The columns, and one example row, as a CSV the officer fills in (docs/agreements-import.md
    says what each column takes)."""
    if not _funders_of(request.user, Membership.Role.OFFICER).exists():
        raise PermissionDenied
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv_writer(buffer, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerow([TEMPLATE_EXAMPLE[name] for name in COLUMNS])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="agreements-import-template.csv"'
    return harden_download(response)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, pk):
    programme = _programme_or_404(request.user, pk, manage=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "programme": programme, "report": None, "columns": COLUMNS}
    if request.method == "POST" and form.is_valid():
        try:
            received = import_services.import_file_receive(
                programme=programme, by=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            request.session[IMPORT_SESSION_KEY] = {
                "programme": programme.pk,
                "sha256": received["sha256"],
                "extension": received["extension"],
                "name": received["name"],
            }
            context.update(report=received["report"], received=received)
    return render(request, "grants/programmes/import.html", context)


@login_required
@require_POST
def import_confirm(request, pk):
    programme = _programme_or_404(request.user, pk, manage=True)
    stored = request.session.get(IMPORT_SESSION_KEY) or {}
    if stored.get("programme") != programme.pk or stored.get("sha256") != request.POST.get(
        "sha256"
    ):
        messages.error(request, _("This import is no longer available: upload the file again."))
        return redirect("grants:import_upload", pk=programme.pk)
    try:
        record = import_services.agreements_import(
            programme=programme,
            by=request.user,
            sha256=stored["sha256"],
            extension=stored["extension"],
            file_name=stored["name"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("grants:import_upload", pk=programme.pk)
    del request.session[IMPORT_SESSION_KEY]
    messages.success(
        request,
        _(
            "%(created)d agreements imported with their tranches; %(associations)d associations "
            "created; %(unchanged)d rows were imported already."
        )
        % {
            "created": record.created,
            "associations": record.associations_created,
            "unchanged": record.unchanged,
        },
    )
    return redirect("grants:programme_detail", pk=programme.pk)
