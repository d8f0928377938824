"""Agreement pages, the tranche request form, the officer's review, the finance payment page
and the permission-checked file downloads. Each view parses input and calls one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.uploads import harden_download
from organisations import permissions

from . import selectors, services
from .checklist import checklist_items
from .claims import claims_rows, request_claims
from .evidence import AGE_BAND_LABELS, GENDER_LABELS
from .files import sniff_content_type
from .forms import (
    ClaimsForm,
    DocumentFormSet,
    ExpenseLineFormSet,
    PaymentForm,
    ReviewForm,
    SectionFormSet,
    attach_errors,
    expense_line_form_kwargs,
)
from .models import TARGETS, ExpenseLine, SupportingDocument, Tranche, TrancheRequest
from .panels import agreement_panels
from .signature import snapshot_integrity

FILE_RELATED = (
    "request__tranche__agreement__programme__funder",
    "request__tranche__agreement__association",
)


def _agreement_or_404(user, pk):
    # Out-of-scope agreements are "not found", not "forbidden": their existence stays private.
    agreement = (
        selectors.agreements_for_user(user=user)
        .select_related("programme__funder")
        .filter(pk=pk)
        .first()
    )
    if agreement is None:
        raise Http404
    return agreement


def _request_or_404(user, pk) -> TrancheRequest:
    request = selectors.tranche_request_get(pk=pk)
    if request is None or not permissions.can_view_agreement(user, request.tranche.agreement):
        raise Http404
    return request


def _tranche_or_404(user, pk) -> Tranche:
    tranche = get_object_or_404(
        Tranche.objects.select_related("agreement__programme__funder", "agreement__association"),
        pk=pk,
    )
    if not permissions.can_view_agreement(user, tranche.agreement):
        raise Http404
    return tranche


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


_FIGURE_PAGES = {
    "sessions": "grants:evidence_sessions",
    "beneficiaries": "grants:evidence_beneficiaries",
    "member_associations": "grants:evidence_beneficiaries",
    "certificates": "grants:evidence_certificates",
}


def evidence_display(agreement, evidence) -> dict:
    """The live evidence as the figures include shows it: each figure with its drill-down."""
    figures = evidence["figures"]
    return {
        "evidence": evidence,
        "target_rows": [
            (label, evidence["progress"][key], reverse(_FIGURE_PAGES[key], args=[agreement.pk]))
            for key, label in TARGETS
        ],
        "genders": [
            (k, label, figures["by_gender"].get(k, 0)) for k, label in GENDER_LABELS.items()
        ],
        "age_bands": [
            (k, label, figures["by_age_band"].get(k, 0)) for k, label in AGE_BAND_LABELS.items()
        ],
    }


@login_required
def agreement_list(request):
    from .services.deadlines import agreement_deadline_flag

    agreements = selectors.agreements_for_user(user=request.user).prefetch_related(
        Prefetch(
            "tranches",
            queryset=Tranche.objects.prefetch_related(
                Prefetch(
                    "requests",
                    queryset=TrancheRequest.objects.only("pk", "tranche_id", "submitted_at"),
                )
            ),
        )
    )
    page = Paginator(agreements, 25).get_page(request.GET.get("page"))
    for agreement in page.object_list:
        tranches = agreement.tranches.all()
        agreement.current_tranche = selectors.current_tranche(tranches)
        agreement.all_paid = bool(tranches) and all(
            t.status == Tranche.Status.PAID for t in tranches
        )
        agreement.deadline = agreement_deadline_flag(agreement)
    return render(request, "grants/agreement_list.html", {"page_obj": page})


def _separation_notes(user, agreement, current) -> dict:
    """Why an action the person's role would allow is not offered (separation of duties)."""
    from organisations.models import Membership

    notes = []
    funder_staff = permissions.has_role(
        user, agreement.programme.funder, Membership.Role.OFFICER, Membership.Role.FINANCE
    )
    if funder_staff and permissions.is_member_of_association(user, agreement):
        notes.append(
            _(
                "You are a member of this association: someone else must review it, check it "
                "and pay it."
            )
        )
    elif (
        current is not None
        and current.approved_by_id == user.pk
        and current.status in (Tranche.Status.APPROVED, Tranche.Status.CLEARED)
    ):
        notes.append(
            _(
                "You approved this request: someone else in finance checks it and records the "
                "payment."
            )
        )
    return {"separation_notes": notes}


@login_required
def agreement_detail(request, pk):
    agreement = _agreement_or_404(request.user, pk)
    user = request.user
    tranches = selectors.agreement_tranches(agreement=agreement)
    agreement.loaded_tranches = tranches  # with their requests, for the panels
    evidence = selectors.agreement_evidence(agreement=agreement)
    # The tranche that needs a request: the first one released by verified achievement that
    # is not paid yet; its readiness and evidence are those of its own period.
    requested = selectors.current_tranche(tranches)
    latest = requested.requests.all()[0] if requested and requested.requests.all() else None
    period = selectors.tranche_period(requested) if requested else None
    tranche_evidence = (
        selectors.agreement_evidence(agreement=agreement, period=period) if period else evidence
    )
    conditions = (
        selectors.tranche_request_readiness(
            tranche=requested, request=latest, evidence=tranche_evidence
        )
        if requested
        else []
    )
    blocking = [c for c in conditions if c.blocking]
    objects = [*tranches, *(r for t in tranches for r in t.requests.all())]
    can_check = permissions.can_check_finance(user, agreement)
    for tranche in tranches:
        latest_version = tranche.requests.all()[0] if tranche.requests.all() else None
        tranche.finance_request = (
            latest_version
            if can_check
            and tranche.status == Tranche.Status.APPROVED
            and tranche.approved_by_id != user.pk
            else None
        )
    context = {
        **evidence_display(agreement, evidence),
        "agreement": agreement,
        "tranches": tranches,
        "all_paid": bool(tranches) and all(t.status == Tranche.Status.PAID for t in tranches),
        "can_pack": permissions.can_download_evidence_pack(user, agreement),
        "packs": agreement.evidence_packs.filter(requested_by=user)[:3],
        "requested_tranche": requested,
        "requested_period": period,
        "latest_request": latest,
        "conditions": conditions,
        "ready_count": sum(c.met for c in blocking),
        "blocking_count": len(blocking),
        "can_request": permissions.can_request_tranche(user, agreement),
        "review_open": latest is not None
        and latest.status in TrancheRequest.AWAITING_REVIEW
        and permissions.can_review_tranche_request(user, agreement),
        "can_pay": permissions.can_record_payment(user, agreement),
        "show_rib": permissions.can_see_bank_details(user, agreement),
        "audit_entries": selectors.audit_entries_for(objects=objects).reverse()[:20],
        "panels": agreement_panels(request, agreement),
        **_separation_notes(user, agreement, requested),
    }
    return render(request, "grants/agreement_detail.html", context)


@login_required
@require_POST
def tranche_request_open(request, pk):
    tranche = _tranche_or_404(request.user, pk)
    try:
        tranche_request = services.tranche_request_create(tranche=tranche, by=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect("grants:agreement_detail", pk=tranche.agreement_id)
    if not tranche_request.just_created:
        messages.info(request, _("Your draft request is already open: continue it here."))
    return redirect("grants:request_edit", pk=tranche_request.pk)


def _expense_data(formset) -> list[dict]:
    lines = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or (not data.get("id") and not form.has_changed()):
            continue
        lines.append({**data, "delete": data.get("DELETE", False)})
    return lines


@login_required
@require_http_methods(["GET", "POST"])
def tranche_request_edit(request, pk):
    tranche_request = _request_or_404(request.user, pk)
    agreement = tranche_request.tranche.agreement
    if not permissions.can_request_tranche(request.user, agreement):
        raise PermissionDenied
    if not tranche_request.is_editable:
        if request.method == "POST":  # the submit button pressed twice, or an old tab
            messages.info(request, _("This request has already been submitted."))
        return redirect("grants:request_detail", pk=tranche_request.pk)
    sections = [{"kind": s.kind, "text": s.text} for s in tranche_request.sections.all()]
    lines = [
        {
            "id": li.pk,
            "category": li.category,
            "label": li.label,
            "amount": li.amount,
            "budget_line": li.budget_line_id,
            "receipt_date": li.receipt_date,
            "receipt_number": li.receipt_number,
        }
        for li in tranche_request.expense_lines.all()
    ]
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    section_formset = SectionFormSet(data, initial=sections, prefix="sections")
    line_formset = ExpenseLineFormSet(
        data,
        files,
        initial=lines,
        prefix="lines",
        form_kwargs=expense_line_form_kwargs(agreement),
    )
    document_formset = DocumentFormSet(data, files, prefix="documents")
    claims_form = ClaimsForm(data, initial=tranche_request.claims, prefix="claims")
    formsets = [section_formset, line_formset, document_formset, claims_form]
    if request.method == "POST" and all(f.is_valid() for f in formsets):
        try:
            services.tranche_request_update(
                request=tranche_request,
                by=request.user,
                sections={f.cleaned_data["kind"]: f.cleaned_data["text"] for f in section_formset},
                expense_lines=_expense_data(line_formset),
                documents=[
                    (f.cleaned_data["document_type"], f.cleaned_data["file"])
                    for f in document_formset
                    if f.cleaned_data
                ],
                claims=claims_form.cleaned_claims(),
            )
            if request.POST.get("action") == "submit":
                services.tranche_request_submit(request=tranche_request, by=request.user)
                messages.success(request, _("Your request has been submitted."))
                return redirect("grants:agreement_detail", pk=agreement.pk)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Your draft has been saved."))
        return redirect("grants:request_edit", pk=tranche_request.pk)
    tranche_request = selectors.tranche_request_get(pk=tranche_request.pk)
    context = {
        "tranche_request": tranche_request,
        "agreement": agreement,
        "section_formset": section_formset,
        "line_formset": line_formset,
        "document_formset": document_formset,
        "claims_form": claims_form,
        "figures": selectors.tranche_request_figures(request=tranche_request),
        "conditions": selectors.tranche_request_readiness(
            tranche=tranche_request.tranche, request=tranche_request
        ),
    }
    return render(request, "grants/tranche_request_form.html", context)


def _claims_display(tranche_request) -> list:
    return claims_rows(
        claims=request_claims(tranche_request),
        snapshot=tranche_request.evidence_snapshot or {},
        tolerance=tranche_request.tranche.agreement.programme.claims_tolerance,
    )


def decision_context(tranche_request) -> dict:
    """The last review with its checklist (overrides and justifications), the snapshot's
    integrity and signature: what finance and auditors read before the money moves
    (``grants/review/_decision.html``)."""
    reviews = list(tranche_request.reviews.all())
    return {
        "last_review": reviews[-1] if reviews else None,
        "integrity": snapshot_integrity(tranche_request),
    }


@login_required
def tranche_request_detail(request, pk):
    tranche_request = _request_or_404(request.user, pk)
    agreement = tranche_request.tranche.agreement
    context = {
        "tranche_request": tranche_request,
        "agreement": agreement,
        "figures": selectors.tranche_request_figures(request=tranche_request),
        "claims_rows": _claims_display(tranche_request),
        **decision_context(tranche_request),
        "can_review": permissions.can_review_tranche_request(request.user, agreement)
        and tranche_request.status in TrancheRequest.AWAITING_REVIEW,
    }
    return render(request, "grants/tranche_request_detail.html", context)


SAMPLING_TEMPLATE = "grants/sampling/review_section.html"


def _sampling_context(tranche_request, user) -> dict:
    """The sampling section (``grants.sampling.review_context`` and its template) when the
    platform has them."""
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    from . import sampling

    try:
        get_template(SAMPLING_TEMPLATE)
    except TemplateDoesNotExist:
        return {"sampling_section": False}
    context = {"sampling_section": True}
    review_context = getattr(sampling, "review_context", None)
    if review_context is not None:
        context["sampling"] = review_context(tranche_request=tranche_request, user=user)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def tranche_request_review(request, pk):
    tranche_request = _request_or_404(request.user, pk)
    agreement = tranche_request.tranche.agreement
    if not permissions.can_review_tranche_request(request.user, agreement):
        raise PermissionDenied
    if tranche_request.status not in TrancheRequest.AWAITING_REVIEW:
        messages.info(request, _("This request is not waiting for review."))
        return redirect("grants:request_detail", pk=tranche_request.pk)
    items = checklist_items(tranche_request)
    form = ReviewForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            services.tranche_request_review(
                request=tranche_request,
                by=request.user,
                checklist=form.cleaned_checklist(),
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Your decision has been recorded."))
            return redirect("grants:agreement_detail", pk=agreement.pk)
    context = {
        **evidence_display(agreement, selectors.agreement_evidence(agreement=agreement)),
        "tranche_request": tranche_request,
        "agreement": agreement,
        "form": form,
        "items": items,
        "unmet_count": sum(1 for item in items if item.is_figure and not item.met),
        "claims_rows": _claims_display(tranche_request),
        "claims_tolerance": agreement.programme.claims_tolerance,
        "figures": selectors.tranche_request_figures(request=tranche_request),
        "flags": selectors.agreement_flags(agreement=agreement),
        **decision_context(tranche_request),
        **_sampling_context(tranche_request, request.user),
    }
    return render(request, "grants/tranche_request_review.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def tranche_payment(request, pk):
    tranche = _tranche_or_404(request.user, pk)
    agreement = tranche.agreement
    if not permissions.can_record_payment(request.user, agreement):
        raise PermissionDenied
    form = PaymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.tranche_payment_record(
                tranche=tranche,
                by=request.user,
                paid_on=form.cleaned_data["paid_on"],
                reference=form.cleaned_data["reference"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The payment has been recorded."))
            return redirect("grants:agreement_detail", pk=agreement.pk)
    context = {"tranche": tranche, "agreement": agreement, "form": form}
    return render(request, "grants/tranche_payment.html", context)


@login_required
@require_POST
def document_remove(request, pk):
    document = get_object_or_404(SupportingDocument.objects.select_related(*FILE_RELATED), pk=pk)
    if not permissions.can_view_agreement(request.user, document.request.tranche.agreement):
        raise Http404
    try:
        services.tranche_request_document_remove(document=document, by=request.user)
    except ValidationError as error:
        _errors(request, error)
    return redirect("grants:request_edit", pk=document.request_id)


def _file_response(user, obj, field, filename):
    if not field or not permissions.can_view_agreement(user, obj.request.tranche.agreement):
        raise Http404
    handle = field.open("rb")
    sniffed = sniff_content_type(handle)
    return harden_download(
        FileResponse(
            handle,
            as_attachment=True,
            filename=filename,
            content_type=sniffed[0] if sniffed else "application/octet-stream",
        )
    )


@login_required
def document_download(request, pk):
    document = get_object_or_404(SupportingDocument.objects.select_related(*FILE_RELATED), pk=pk)
    return _file_response(request.user, document, document.file, document.original_name)


@login_required
def receipt_download(request, pk):
    line = get_object_or_404(ExpenseLine.objects.select_related(*FILE_RELATED), pk=pk)
    name = line.receipt.name.rsplit("/", 1)[-1] if line.receipt else ""
    return _file_response(request.user, line, line.receipt, name)
