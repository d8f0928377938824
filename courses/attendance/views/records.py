"""Recording a session: the trainer's roll call, walk-ins and corrections, the printable sheet
and its scans, closing, the evidence page and the exports. Views parse input and call one
service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from accounts.signals import data_exported
from core.uploads import harden_download
from organisations import permissions

from ...models import (
    AttendanceReceipt,
    AttendanceRecord,
    AttendanceSheetScan,
    CoursePage,
    Participant,
    SessionRegistration,
    TrainingSession,
)
from ...selectors.learning import canonical_page
from .. import checkin, flags, services, sheet
from ..forms import (
    CloseForm,
    CorrectionForm,
    MarkForm,
    ScanUploadForm,
    WalkInForm,
)
from ..history import course_attendance_summary
from ..selectors import (
    EXPORT_COLUMNS,
    attendance_export_rows,
    held_sessions,
    session_figures,
    session_roster_rows,
)
from .common import TEMPLATES, flash_error, session_for, wants_json


def _roll_call_url(session, scan=None) -> str:
    url = reverse("attendance:roll_call", args=[session.pk])
    return f"{url}?scan={scan.pk}" if scan else url


# --- Trainer: roll call, walk-ins, corrections -----------------------------------------------


@login_required
@require_GET
def roll_call(request, pk):
    session = session_for(request, pk, permissions.can_take_attendance)
    scan = None
    if request.GET.get("scan", "").isdigit():
        scan = get_object_or_404(AttendanceSheetScan, pk=request.GET["scan"], session=session)
    return render(
        request,
        TEMPLATES + "roll_call.html",
        {
            "session": session,
            "rows": session_roster_rows(session=session),
            "statuses": AttendanceRecord.Status.choices,
            "scan": scan,
            "walk_in_form": WalkInForm(),
            **_window(session),
        },
    )


def _window(session) -> dict:
    return {
        "is_open": checkin.is_open(session),
        "window_state": checkin.window_state(session),
        "window_message": checkin.window_message(session),
    }


def _person(session, key: str):
    """The learner or walk-in a roll-call button names, if they belong on this roster."""
    number = int(key[1:])
    if key[0] == "p":
        return get_object_or_404(
            Participant.objects.filter(attendance_records__session=session).distinct(), pk=number
        )
    on_roster = (
        SessionRegistration.objects.filter(
            session=session, learner_id=number, status=SessionRegistration.Status.CONFIRMED
        ).exists()
        or AttendanceRecord.objects.filter(session=session, learner_id=number).exists()
    )
    if not on_roster:
        raise Http404
    return get_object_or_404(User, pk=number)


@login_required
@require_POST
def mark(request, pk):
    session = session_for(request, pk, permissions.can_take_attendance)
    form = MarkForm(request.POST)
    if not form.is_valid():
        if wants_json(request):
            return JsonResponse({"ok": False}, status=400)
        messages.error(request, _("Choose a status."))
        return redirect(_roll_call_url(session))
    scan = None
    if form.cleaned_data["scan"]:
        scan = get_object_or_404(AttendanceSheetScan, pk=form.cleaned_data["scan"], session=session)
    person = _person(session, form.cleaned_data["person"])
    try:
        record = services.attendance_mark(
            session=session,
            participant=person,
            status=form.cleaned_data["status"],
            method=AttendanceRecord.Method.SHEET if scan else AttendanceRecord.Method.ROLL_CALL,
            by=request.user,
            request_meta=request.META,
            sheet_scan=scan,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        if wants_json(request):
            return JsonResponse({"ok": False, "code": error.code, "message": error.messages[0]})
        flash_error(request, error)
    else:
        if wants_json(request):
            return JsonResponse(
                {"ok": True, "status": record.status, "label": record.get_status_display()}
            )
    return redirect(_roll_call_url(session, scan) + f"#row-{form.cleaned_data['person']}")


@login_required
@require_POST
def mark_all(request, pk):
    """Everyone without a mark is marked present; the trainer then changes the exceptions."""
    session = session_for(request, pk, permissions.can_take_attendance)
    try:
        records = services.attendance_mark_all_present(
            session=session, by=request.user, request_meta=request.META
        )
    except ValidationError as error:
        flash_error(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d person marked present: now change the exceptions.",
                "%(count)d people marked present: now change the exceptions.",
                len(records),
            )
            % {"count": len(records)},
        )
    return redirect(_roll_call_url(session))


@login_required
@require_GET
def course_summary(request, course_id):
    """Per learner: sessions attended, rate, and the status at each session of the course."""
    course = get_object_or_404(CoursePage.objects.select_related("association"), pk=course_id)
    course = canonical_page(course)  # sessions name the default language's page
    if not permissions.can_view_course_attendance(request.user, course):
        raise PermissionDenied
    data_exported(request, "attendance.course_summary", course=course.pk)
    return render(
        request,
        TEMPLATES + "course_summary.html",
        {"course": course, **course_attendance_summary(course=course)},
    )


@login_required
@require_POST
def walk_in(request, pk):
    session = session_for(request, pk, permissions.can_take_attendance)
    form = WalkInForm(request.POST)
    if form.is_valid():
        try:
            services.walk_in_add(
                session=session,
                by=request.user,
                status=form.cleaned_data["status"],
                **form.participant_fields(),
            )
        except ValidationError as error:
            flash_error(request, error)
        else:
            messages.success(request, _("The participant has been added."))
            return redirect(_roll_call_url(session))
    return render(
        request,
        TEMPLATES + "roll_call.html",
        {
            "session": session,
            "rows": session_roster_rows(session=session),
            "statuses": AttendanceRecord.Status.choices,
            "walk_in_form": form,
            **_window(session),
        },
        status=400,
    )


@login_required
@require_POST
def correct(request, pk):
    session = session_for(request, pk, permissions.can_take_attendance)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new status and the reason."))
        return redirect("attendance:evidence", pk=session.pk)
    record = get_object_or_404(AttendanceRecord, pk=form.cleaned_data["record"], session=session)
    try:
        services.attendance_correct(
            record=record,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except ValidationError as error:
        flash_error(request, error)
    else:
        messages.success(request, _("The correction has been recorded."))
    return redirect("attendance:evidence", pk=session.pk)


# --- Sheet, scans, closing -------------------------------------------------------------------


@login_required
@require_GET
def sheet_pdf(request, pk):
    session = session_for(request, pk, permissions.can_view_attendance)
    response = HttpResponse(sheet.sheet_pdf(session=session), content_type="application/pdf")
    data_exported(request, "attendance.sheet_pdf", session=session.pk)
    response["Content-Disposition"] = f'inline; filename="attendance-sheet-{session.pk}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def scans(request, pk):
    session = session_for(request, pk, permissions.can_take_attendance)
    form = ScanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            scan = services.sheet_scan_upload(
                session=session, file=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if scan.duplicate_of_id:
                messages.warning(request, _("This file has already been uploaded."))
            else:
                messages.success(request, _("The scan has been uploaded."))
            return redirect("attendance:scans", pk=session.pk)
    return render(
        request,
        TEMPLATES + "scans.html",
        {
            "session": session,
            "form": form,
            "scans": session.sheet_scans.select_related("uploaded_by", "duplicate_of"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def scan_file(request, pk):
    scan = get_object_or_404(AttendanceSheetScan.objects.select_related("session"), pk=pk)
    if not permissions.can_view_attendance(request.user, scan.session):
        raise PermissionDenied
    data_exported(request, "attendance.sheet_scan", session=scan.session_id, scan=scan.pk)
    extension = scan.file.name.rsplit(".", 1)[-1] if "." in scan.file.name else "bin"
    return harden_download(
        FileResponse(
            scan.file.open("rb"),
            as_attachment=True,
            filename=f"sheet-{scan.session_id}-{scan.pk}.{extension}",
            content_type=scan.content_type,
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request, pk):
    session = session_for(request, pk, permissions.can_take_attendance)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_close(session=session, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            flash_error(request, error)
        else:
            messages.success(request, _("The session is closed and its report saved."))
            return redirect("attendance:evidence", pk=session.pk)
    return render(request, TEMPLATES + "close.html", {"session": session, "form": form})


# --- Evidence and exports --------------------------------------------------------------------


@login_required
@require_GET
def evidence(request, pk):
    session = session_for(request, pk, permissions.can_view_attendance)
    data_exported(request, "attendance.evidence", session=session.pk)
    rows = session_roster_rows(session=session)
    # Marks sent from a phone's offline queue: the phone's time beside the server's.
    receipts = {
        receipt.record_id: receipt
        for receipt in AttendanceReceipt.objects.filter(session=session, record__isnull=False)
    }
    for row in rows:
        row.receipt = receipts.get(row.record.pk) if row.record else None
    return render(
        request,
        TEMPLATES + "evidence.html",
        {
            "session": session,
            "rows": rows,
            "figures": session_figures(session=session),
            "flags": flags.session_flags(session=session),
            "breaks": services.attendance_chain_verify(session=session),
            "scans": session.sheet_scans.all(),
            "report": getattr(session, "report", None),
            "can_take": permissions.can_take_attendance(request.user, session),
            "correction_form": CorrectionForm(),
        },
    )


def _export(rows, *, fmt: str, name: str) -> HttpResponse:
    if fmt == "csv":
        body = sheet.export_csv(header=EXPORT_COLUMNS, rows=rows)
        content_type = "text/csv; charset=utf-8"
    else:
        body = sheet.export_xlsx(header=EXPORT_COLUMNS, rows=rows)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
@require_GET
def session_export(request, pk, fmt):
    session = session_for(request, pk, permissions.can_view_attendance)
    rows = attendance_export_rows(sessions=[session])
    data_exported(request, f"attendance.session_export.{fmt}", session=session.pk)
    return _export(rows, fmt=fmt, name=f"attendance-session-{session.pk}")


@login_required
@require_GET
def course_export(request, course_id, fmt):
    course = get_object_or_404(CoursePage.objects.select_related("association"), pk=course_id)
    if not permissions.can_view_course_attendance(request.user, course):
        raise PermissionDenied
    sessions = held_sessions(TrainingSession.objects.filter(course=course)).order_by("starts_at")
    rows = attendance_export_rows(sessions=sessions)
    data_exported(request, f"attendance.course_export.{fmt}", course=course.pk)
    return _export(rows, fmt=fmt, name=f"attendance-course-{course.pk}")
