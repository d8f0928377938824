"""An agreement's budget (the officer's form) and its bank details: the full RIB shown to
finance on request (each display logged), a new account recorded with the bank's certificate,
the certificate's download. Each view parses input and calls one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.uploads import harden_download
from organisations import permissions

from . import selectors, selectors_budgets
from .files import sniff_content_type
from .forms_budgets import BankDetailsChangeForm, BudgetLineFormSet
from .models import BankDetailsChange, Tranche
from .services import bank_details as bank_services
from .services import budgets as budget_services


def _agreement_or_404(user, pk):
    # Out-of-scope agreements are "not found", not "forbidden": their existence stays private.
    agreement = (
        selectors.agreements_for_user(user=user)
        .select_related("programme__funder", "association")
        .filter(pk=pk)
        .first()
    )
    if agreement is None:
        raise Http404
    return agreement


@login_required
@require_http_methods(["GET", "POST"])
def budget_edit(request, pk):
    agreement = _agreement_or_404(request.user, pk)
    if not permissions.can_edit_budget(request.user, agreement):
        raise PermissionDenied
    categories = selectors_budgets.budget_categories_for(agreement.programme)
    locked = selectors_budgets.agreement_has_expenses(agreement=agreement)
    initial = [
        {"category": line.category, "label": line.label, "amount": line.amount}
        for line in agreement.budget_lines.all()
    ]
    formset = BudgetLineFormSet(
        request.POST if request.method == "POST" else None,
        initial=initial,
        prefix="budget",
        form_kwargs={"categories": categories},
    )
    refusals = []
    if request.method == "POST" and formset.is_valid():
        try:
            budget_services.budget_lines_set(
                agreement=agreement, lines=formset.lines(), by=request.user
            )
        except ValidationError as error:
            refusals = error.messages
        else:
            messages.success(request, _("The budget has been saved."))
            return redirect("grants:agreement_detail", pk=agreement.pk)
    context = {
        "agreement": agreement,
        "formset": formset,
        "refusals": refusals,
        "locked": locked,
        "budget": selectors_budgets.agreement_budget(agreement=agreement),
    }
    return render(
        request, "grants/budgets/budget_form.html", context, status=400 if refusals else 200
    )


@never_cache
@login_required
@require_POST
def bank_details_reveal(request, pk):
    """The full RIB, for finance: one POST, one display, one entry in each log."""
    agreement = _agreement_or_404(request.user, pk)
    if not permissions.can_see_bank_details(request.user, agreement):
        raise PermissionDenied
    rib = bank_services.bank_details_reveal(agreement=agreement, by=request.user, request=request)
    tranche = (
        Tranche.objects.filter(agreement=agreement, pk=request.POST.get("tranche")).first()
        if str(request.POST.get("tranche", "")).isdigit()
        else None
    )
    groups = [rib[0:3], rib[3:6], rib[6:22], rib[22:24]] if rib else []
    context = {"agreement": agreement, "rib": rib, "rib_groups": groups, "tranche": tranche}
    return render(request, "grants/budgets/rib_reveal.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def bank_details_change(request, pk):
    agreement = _agreement_or_404(request.user, pk)
    if not permissions.can_change_bank_details(request.user, agreement):
        raise PermissionDenied
    form = BankDetailsChangeForm(
        request.POST or None,
        request.FILES or None,
        initial={"bank_name": agreement.bank_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            bank_services.bank_details_change(
                agreement=agreement, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("The new bank details have been recorded."))
            return redirect("grants:agreement_detail", pk=agreement.pk)
    context = {
        "agreement": agreement,
        "form": form,
        "changes": agreement.bank_details_changes.select_related("changed_by"),
    }
    return render(
        request,
        "grants/budgets/bank_details_form.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def bank_certificate_download(request, pk):
    change = get_object_or_404(
        BankDetailsChange.objects.select_related(
            "agreement__programme__funder", "agreement__association"
        ),
        pk=pk,
    )
    agreement = change.agreement
    if not permissions.can_view_agreement(request.user, agreement):
        raise Http404
    bank_services.bank_certificate_download_record(change=change, by=request.user, request=request)
    handle = change.document.open("rb")
    sniffed = sniff_content_type(handle)
    return harden_download(
        FileResponse(
            handle,
            as_attachment=True,
            filename=change.document_name,
            content_type=sniffed[0] if sniffed else "application/octet-stream",
        )
    )
