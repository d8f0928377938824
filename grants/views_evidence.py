"""What is behind the evidence figures (sessions, attendance records, certificates), the
evidence packs, each scoped by the permission module."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.signals import data_exported
from core.uploads import harden_download
from organisations import permissions

from . import selectors
from .evidence import AGE_BAND_LABELS, GENDER_LABELS
from .models import EvidencePack, Programme
from .services import packs as pack_services
from .views import _agreement_or_404


def _filters(request, names) -> dict[str, str]:
    return {name: request.GET.get(name, "").strip()[:40] for name in names}


@login_required
def evidence_sessions(request, pk):
    agreement = _agreement_or_404(request.user, pk)
    filters = _filters(request, ("region", "province", "theme"))
    context = {
        "agreement": agreement,
        "rows": selectors.agreement_session_rows(agreement=agreement, **filters),
        "filters": {k: v for k, v in filters.items() if v},
        # The attendance page checks again; the link is shown to those who may follow it.
        "can_open_attendance": permissions.can_see_evidence_names(request.user, agreement),
    }
    return render(request, "grants/evidence/sessions.html", context)


@login_required
def evidence_beneficiaries(request, pk):
    agreement = _agreement_or_404(request.user, pk)
    filters = _filters(request, selectors.BENEFICIARY_FILTERS)
    with_names = permissions.can_see_evidence_names(request.user, agreement)
    if with_names:
        pack_services.evidence_names_access_record(
            agreement=agreement, by=request.user, scope=f"beneficiaries {request.GET.urlencode()}"
        )
        data_exported(request, "grants.evidence_beneficiaries", agreement=agreement.pk)
    context = {
        "agreement": agreement,
        "rows": selectors.agreement_beneficiary_rows(
            agreement=agreement, with_names=with_names, **filters
        ),
        "filters": {k: v for k, v in filters.items() if v},
        "with_names": with_names,
        "gender_labels": GENDER_LABELS,
        "age_band_labels": AGE_BAND_LABELS,
    }
    return render(request, "grants/evidence/beneficiaries.html", context)


@login_required
def evidence_certificates(request, pk):
    from certificates.selectors import certificates_for_agreement

    agreement = _agreement_or_404(request.user, pk)
    with_names = permissions.can_see_evidence_names(request.user, agreement)
    if with_names:
        pack_services.evidence_names_access_record(
            agreement=agreement, by=request.user, scope="certificates"
        )
        data_exported(request, "grants.evidence_certificates", agreement=agreement.pk)
    context = {
        "agreement": agreement,
        "certificates": certificates_for_agreement(agreement=agreement),
        "with_names": with_names,
    }
    return render(request, "grants/evidence/certificates.html", context)


@login_required
@require_POST
def pack_request(request, pk):
    agreement = _agreement_or_404(request.user, pk)
    pack = pack_services.evidence_pack_request(agreement=agreement, by=request.user)
    messages.info(request, _("The evidence pack is being prepared."))
    return redirect("grants:pack_detail", pk=pack.pk)


def _pack_or_404(user, pk) -> EvidencePack:
    pack = get_object_or_404(
        EvidencePack.objects.select_related(
            "agreement__programme__funder", "agreement__association", "requested_by"
        ),
        pk=pk,
    )
    if not permissions.can_download_evidence_pack(user, pack.agreement):
        raise Http404
    return pack


@login_required
def pack_detail(request, pk):
    pack = _pack_or_404(request.user, pk)
    return render(
        request,
        "grants/evidence/pack_detail.html",
        {"pack": pack, "agreement": pack.agreement, "refresh": pack.is_pending},
    )


@login_required
def pack_download(request, pk):
    pack = _pack_or_404(request.user, pk)
    if pack.status != EvidencePack.Status.READY or not pack.file:
        raise Http404
    pack_services.evidence_pack_download_record(pack=pack, by=request.user)
    if pack.with_names:
        data_exported(request, "grants.evidence_pack", agreement=pack.agreement_id, pack=pack.pk)
    return harden_download(
        FileResponse(
            pack.file.open("rb"),
            as_attachment=True,
            filename=f"evidence-{pack.agreement.reference}.zip",
            content_type="application/zip",
        )
    )


@login_required
def dashboard(request):
    from courses.attendance.sheet import export_csv, export_xlsx

    from . import dashboard as board

    if not (request.user.is_superuser or permissions.is_funder_staff(request.user)):
        raise PermissionDenied
    programmes = board.dashboard_programmes(user=request.user)
    field = request.GET.get("field", "")
    if field:
        programmes = programmes.filter(field=field)
    programmes = list(programmes)
    chosen = request.GET.get("programme", "")
    programme = next((p for p in programmes if str(p.pk) == chosen), None) or (
        programmes[0] if programmes else None
    )
    if programme is not None and not permissions.can_view_funder_dashboard(request.user, programme):
        raise PermissionDenied
    filters = board.dashboard_filters(request.GET)
    data = board.programme_dashboard(programme=programme, **filters) if programme else {}
    fmt = request.GET.get("format", "")
    if programme and fmt in ("csv", "xlsx"):
        rows = [row.export_row() for row in data["rows"]]
        if fmt == "csv":
            body = export_csv(header=board.EXPORT_HEADER, rows=rows)
            content_type = "text/csv; charset=utf-8"
        else:
            body = export_xlsx(header=board.EXPORT_HEADER, rows=rows, title="agreements")
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(body, content_type=content_type)
        name = f"agreements-{programme.year}-{programme.field}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    query = request.GET.copy()
    query.pop("sort", None)
    query.pop("format", None)
    context = {
        **data,
        "programmes": programmes,
        "programme": programme,
        "fields": Programme.Field.choices,
        "field": field,
        "filters": filters,
        "query": query.urlencode(),
        "sort_columns": [
            ("reference", _("Agreement")),
            ("association", _("Association")),
            ("region", _("Region")),
            ("amount", _("Amount")),
            ("status", _("Tranche status")),
            ("sessions", _("Sessions")),
            ("beneficiaries", _("Beneficiaries")),
            ("certificates", _("Certificates")),
            ("attendance_rate", _("Attendance rate")),
            ("women_share", _("Share of women")),
            ("readiness", _("Readiness")),
        ],
    }
    return render(request, "grants/dashboard.html", context)
