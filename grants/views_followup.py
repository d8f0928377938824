"""Follow-up pages: finance's check of an approved request (clear it for payment, or send it
back to the programme officer with a reason)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from organisations import permissions

from . import selectors
from .forms import attach_errors
from .models import FinanceCheck, Tranche, TrancheRequest
from .services import finance
from .views import _request_or_404


class FinanceCheckForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=FinanceCheck.Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason (required to send it back)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )


@login_required
@require_http_methods(["GET", "POST"])
def finance_check(request, pk):
    tranche_request = _request_or_404(request.user, pk)
    tranche = tranche_request.tranche
    agreement = tranche.agreement
    if not permissions.can_check_finance(request.user, agreement):
        raise PermissionDenied
    waiting = (
        tranche_request.status == TrancheRequest.Status.APPROVED
        and tranche.status == Tranche.Status.APPROVED
    )
    if not waiting:
        if request.method == "POST":
            messages.info(request, _("This request is not waiting for finance's check."))
        return redirect("grants:agreement_detail", pk=agreement.pk)
    form = FinanceCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == FinanceCheck.Decision.CLEAR:
                finance.tranche_request_finance_clear(request=tranche_request, by=request.user)
                messages.success(request, _("The request is cleared for payment."))
            else:
                finance.tranche_request_finance_send_back(
                    request=tranche_request, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("The request has been sent back to the officer."))
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("grants:agreement_detail", pk=agreement.pk)
    context = {
        "tranche_request": tranche_request,
        "tranche": tranche,
        "agreement": agreement,
        "form": form,
        "figures": selectors.tranche_request_figures(request=tranche_request),
        "approval": tranche_request.reviews.filter(decision="approve").last(),
        "is_approver": tranche.approved_by_id == request.user.pk,
        "checks": tranche_request.finance_checks.select_related("checked_by"),
    }
    return render(request, "grants/followup/finance_check.html", context)
