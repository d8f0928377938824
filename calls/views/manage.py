"""The officer's pages: calls of the funder, a call's settings and form, publication,
screening, the committee, the determination, the conversion to agreements, the report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from grants.models import AuditLog, Programme
from organisations import permissions as org_permissions

from .. import audit_labels, selectors, services
from ..forms import (
    AgreementForm,
    CallCreateForm,
    CallForm,
    CriterionRowForm,
    DocumentRowForm,
    MemberForm,
    QuestionRowForm,
    RuleRowForm,
    ScreeningForm,
    SectionRowForm,
    row_formset,
)
from ..models import Application, Call, Committee, Question
from .common import managed_application, managed_call, reported_call, show_errors


def _programmes(user):
    return [
        p
        for p in Programme.objects.select_related("funder")
        if org_permissions.can_manage_programmes(user, p.funder)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def manage_list(request):
    programmes = _programmes(request.user)
    if not programmes and not request.user.is_superuser:
        raise Http404
    ids = [p.pk for p in programmes]
    form = CallCreateForm(request.POST or None, programmes=Programme.objects.filter(pk__in=ids))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        programme = data.pop("programme")
        regions = data.pop("eligible_regions")
        try:
            call = services.call_create(
                programme=programme, by=request.user, regions=regions, **data
            )
            messages.success(
                request, _("Draft call created with the usual form: adapt it, then publish.")
            )
            return redirect("calls:manage_call", pk=call.pk)
        except ValidationError as error:
            show_errors(request, error)
    calls = Call.objects.filter(programme_id__in=ids).select_related("programme")
    return render(request, "calls/manage_list.html", {"calls": calls, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def manage_call(request, pk):
    call = managed_call(request.user, pk)
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        regions = data.pop("eligible_regions")
        try:
            services.call_update(call=call, by=request.user, regions=list(regions), **data)
            messages.success(request, _("Call saved."))
            return redirect("calls:manage_call", pk=call.pk)
        except ValidationError as error:
            show_errors(request, error)
            call.refresh_from_db()
    counts = {
        "drafts": call.applications.filter(status=Application.Status.DRAFT).count(),
        "submitted": call.applications.filter(status=Application.Status.SUBMITTED).count(),
        "withdrawn": call.applications.filter(status=Application.Status.WITHDRAWN).count(),
    }
    return render(request, "calls/manage_call.html", {"call": call, "form": form, "counts": counts})


def _rows(formset, *, fields):
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data:
            continue
        row = {name: data.get(name) for name in fields}
        row["id"] = data.get("id")
        row["DELETE"] = data.get("DELETE", False)
        rows.append(row)
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def manage_structure(request, pk):
    """The form's sections and questions, the documents, the eligibility rules checked by hand
    and the scoring grid, as editable tables."""
    call = managed_call(request.user, pk)
    sections = call.sections.all()
    data = request.POST or None
    formsets = {
        "sections": row_formset(SectionRowForm)(
            data,
            prefix="sections",
            initial=[
                {"id": s.pk, "title_ar": s.title_ar, "title_fr": s.title_fr} for s in sections
            ],
        ),
        "questions": row_formset(QuestionRowForm)(
            data,
            prefix="questions",
            form_kwargs={"sections": sections},
            initial=[
                {
                    "id": q.pk,
                    "section": q.section_id,
                    "kind": q.kind,
                    "label_ar": q.label_ar,
                    "label_fr": q.label_fr,
                    "help_ar": q.help_ar,
                    "help_fr": q.help_fr,
                    "required": q.required,
                }
                for q in Question.objects.filter(section__call=call)
            ],
        ),
        "documents": row_formset(DocumentRowForm)(
            data,
            prefix="documents",
            initial=list(call.documents.values("id", "code", "label_ar", "label_fr", "required")),
        ),
        "rules": row_formset(RuleRowForm)(
            data,
            prefix="rules",
            initial=list(call.manual_rules.values("id", "label_ar", "label_fr")),
        ),
        "criteria": row_formset(CriterionRowForm)(
            data,
            prefix="criteria",
            initial=list(
                call.criteria.values(
                    "id", "label_ar", "label_fr", "weight", "descriptors_ar", "descriptors_fr"
                )
            ),
        ),
    }
    if request.method == "POST":
        if call.is_published:
            messages.error(
                request, _("The call is published: its rules and form can no longer change.")
            )
            return redirect("calls:manage_structure", pk=call.pk)
        if all(f.is_valid() for f in formsets.values()):
            try:
                with transaction.atomic():
                    services.call_configure(
                        call=call,
                        by=request.user,
                        sections=_rows(formsets["sections"], fields=("title_ar", "title_fr")),
                        documents=_rows(
                            formsets["documents"],
                            fields=("code", "label_ar", "label_fr", "required"),
                        ),
                        manual_rules=_rows(formsets["rules"], fields=("label_ar", "label_fr")),
                        criteria=_rows(
                            formsets["criteria"],
                            fields=(
                                "label_ar",
                                "label_fr",
                                "weight",
                                "descriptors_ar",
                                "descriptors_fr",
                            ),
                        ),
                    )
                    # Questions after sections: a new section is chosen on the next save.
                    services.call_configure(
                        call=call,
                        by=request.user,
                        questions=_rows(
                            formsets["questions"],
                            fields=(
                                "section",
                                "kind",
                                "label_ar",
                                "label_fr",
                                "help_ar",
                                "help_fr",
                                "required",
                            ),
                        ),
                    )
                messages.success(request, _("Form, documents, rules and grid saved."))
                return redirect("calls:manage_structure", pk=call.pk)
            except ValidationError as error:
                show_errors(request, error)
        else:
            messages.error(request, _("Please correct the errors below."))
    return render(
        request,
        "calls/manage_structure.html",
        {"call": call, "formsets": formsets, "readonly": call.is_published},
    )


@login_required
@require_POST
def manage_publish(request, pk):
    call = managed_call(request.user, pk)
    try:
        services.call_publish(call=call, by=request.user)
        messages.success(request, _("The call is published in Arabic and French."))
    except ValidationError as error:
        show_errors(request, error)
    return redirect("calls:manage_call", pk=call.pk)


@login_required
def manage_applications(request, pk):
    call = managed_call(request.user, pk)
    applications = call.applications.select_related("association__region").order_by("number")
    return render(
        request, "calls/manage_applications.html", {"call": call, "applications": applications}
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage_screen(request, pk):
    application = managed_application(request.user, pk)
    call = application.call
    form = ScreeningForm(request.POST or None, rules=call.manual_rules.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.application_screen(
                application=application,
                by=request.user,
                manual=form.manual(),
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Screening recorded."))
            return redirect("calls:manage_applications", pk=call.pk)
        except ValidationError as error:
            show_errors(request, error)
    from ..forms import ApplicationForm

    return render(
        request,
        "calls/manage_screen.html",
        {
            "call": call,
            "application": application,
            "automatic": services.automatic_checks(application),
            "form": form,
            "answers": ApplicationForm(application=application),
            "uploads": application.uploads.select_related("document"),
            "checks": application.checks.all(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage_committee(request, pk):
    call = managed_call(request.user, pk)
    committee, _created = Committee.objects.get_or_create(
        call=call, defaults={"anonymised": call.anonymised_review}
    )
    form = MemberForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "close":
                services.committee_close(call=call, by=request.user)
                messages.success(request, _("The committee is closed: the scores are locked."))
            elif action == "lift":
                services.committee_anonymity_lift(call=call, by=request.user)
                messages.success(request, _("The anonymised stage is over."))
            elif form.is_valid():
                services.committee_member_add(call=call, by=request.user, **form.cleaned_data)
                messages.success(request, _("Member added and told by e-mail."))
            else:
                raise ValidationError(_("Please correct the errors below."))
            return redirect("calls:manage_committee", pk=call.pk)
        except ValidationError as error:
            show_errors(request, error)
    return render(
        request,
        "calls/manage_committee.html",
        {
            "call": call,
            "committee": committee,
            "members": committee.members.select_related("user"),
            "form": form,
            "progress": selectors.committee_progress(call),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage_determination(request, pk):
    call = managed_call(request.user, pk)
    rows = selectors.ranking(call)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "publish":
                services.results_publish(call=call, by=request.user)
                messages.success(request, _("The list of selected associations is public."))
            else:
                decisions = {
                    row["application"].pk: (
                        request.POST.get(f"decision_{row['application'].pk}", ""),
                        request.POST.get(f"reason_{row['application'].pk}", ""),
                    )
                    for row in rows
                }
                services.decisions_record(call=call, by=request.user, decisions=decisions)
                messages.success(request, _("Decisions recorded; the associations are told."))
            return redirect("calls:manage_determination", pk=call.pk)
        except ValidationError as error:
            show_errors(request, error)
    for row in rows:
        application = row["application"]
        pk_ = application.pk
        row["decision"] = (
            request.POST.get(f"decision_{pk_}") or application.decision or row["proposal"]
        )
        row["reason"] = (
            request.POST.get(f"reason_{pk_}") or application.decision_reason or row["rule"]
        )
    return render(
        request,
        "calls/manage_determination.html",
        {
            "call": call,
            "rows": rows,
            "committee": getattr(call, "committee", None),
            "decisions": Application.Decision.choices[1:],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage_agreement(request, pk):
    application = managed_application(request.user, pk)
    if application.agreement_id:
        return redirect("grants:agreement_detail", pk=application.agreement_id)
    programme = application.call.programme
    initial = {
        "reference": f"{programme.year}-{application.call_id}-{application.number:03d}",
        "amount": application.requested_amount,
        "starts_on": programme.starts_on,
        "ends_on": programme.ends_on,
    }
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.application_to_agreement(
                application=application, by=request.user, **form.cleaned_data
            )
            messages.success(
                request, _("Agreement created: upload the signed convention on its page.")
            )
            return redirect("grants:agreement_detail", pk=agreement.pk)
        except ValidationError as error:
            show_errors(request, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
    answers = application.answers
    from ..answers import budget_categories

    questions = Question.objects.filter(section__call=application.call)
    return render(
        request,
        "calls/manage_agreement.html",
        {
            "application": application,
            "call": application.call,
            "form": form,
            "questions": questions,
            "answers": answers,
            "categories": dict(budget_categories(programme)),
        },
    )


@login_required
def call_report(request, pk):
    call = reported_call(request.user, pk)
    application_ids = [str(pk) for pk in call.applications.values_list("pk", flat=True)]
    log = AuditLog.objects.filter(
        object_type="calls.call", object_id=str(call.pk)
    ) | AuditLog.objects.filter(object_type="calls.application", object_id__in=application_ids)
    if hasattr(call, "committee"):
        log = log | AuditLog.objects.filter(
            object_type="calls.committee", object_id=str(call.committee.pk)
        )
    return render(
        request,
        "calls/call_report.html",
        {
            "call": call,
            "report": selectors.fairness_report(call),
            "criteria": call.criteria.all(),
            "log": [
                (entry, audit_labels.label(entry))
                for entry in log.select_related("actor").order_by("timestamp", "pk")[:500]
            ],
        },
    )
