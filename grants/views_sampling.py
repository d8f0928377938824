"""The verification of a tranche request by sampling its beneficiaries: drawing the sample,
the sampling page (names and contact data for the officer who drew it, and only them) with a
form per person, and the draw as JSON (pseudonyms only)."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import BLANK_CHOICE_DASH
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.signals import data_exported
from organisations import permissions

from . import sampling
from .models import SampleContact
from .services import sampling as sampling_services
from .views import _request_or_404


class SampleContactForm(forms.Form):
    """One contact with one sampled person (the service checks the rest: the sample, the
    dates, who records)."""

    channel = forms.ChoiceField(
        label=gettext_lazy("Contact by"), choices=BLANK_CHOICE_DASH + SampleContact.Channel.choices
    )
    contacted_on = forms.DateField(
        label=gettext_lazy("Date of the contact"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"), choices=BLANK_CHOICE_DASH + SampleContact.Outcome.choices
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=sampling_services.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["contacted_on"].widget.attrs["max"] = today.isoformat()
        if request is not None and request.submitted_at:
            submitted = timezone.localdate(request.submitted_at)
            self.fields["contacted_on"].widget.attrs["min"] = submitted.isoformat()
        if not self.is_bound:
            self.initial.setdefault("contacted_on", today)


def _viewable(user, pk):
    tranche_request = _request_or_404(user, pk)
    if not sampling.can_view_sample(user, tranche_request.tranche.agreement):
        raise PermissionDenied
    return tranche_request


def _render_page(request, tranche_request, *, bound=None, status=200):
    """The sampling page; ``bound`` is ``(person, form)`` for a form sent back with errors."""
    agreement = tranche_request.tranche.agreement
    sample = sampling.sample_for(tranche_request)
    drawer = sampling.is_drawer(request.user, sample)
    rows = sampling.sample_rows(sample, with_contacts=drawer) if sample is not None else []
    may_record = drawer and tranche_request.status in tranche_request.AWAITING_REVIEW
    for row in rows:
        if may_record:
            if bound is not None and bound[0] == row["person"]:
                row["form"] = bound[1]
            else:
                row["form"] = SampleContactForm(prefix=row["person"], request=tranche_request)
    if drawer and rows:
        # Names, e-mail addresses and phone numbers on screen: once per page view.
        data_exported(
            request,
            "grants.sample_contacts",
            agreement=agreement.pk,
            tranche_request=tranche_request.pk,
            sample=sample.pk,
            people=len(rows),
        )
    context = {
        "agreement": agreement,
        "tranche_request": tranche_request,
        "sampling": sampling.review_context(tranche_request=tranche_request, user=request.user),
        "sample": sample,
        "rows": rows,
        "is_drawer": drawer,
        "may_record": may_record,
        "may_review": tranche_request.status in tranche_request.AWAITING_REVIEW
        and permissions.can_review_tranche_request(request.user, agreement),
        "redraw_steps": sampling.REDRAW_STEPS,
        "redraw_matches": sampling.redraw_matches(sample) if sample is not None else None,
    }
    response = render(request, "grants/sampling/sample_detail.html", context, status=status)
    if drawer:
        response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@require_GET
def sample_detail(request, pk):
    return _render_page(request, _viewable(request.user, pk))


@login_required
@require_POST
def sample_draw(request, pk):
    tranche_request = _request_or_404(request.user, pk)
    try:
        sample, drawn = sampling_services.sample_draw(request=tranche_request, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("grants:sample_detail", pk=tranche_request.pk)
    if drawn:
        messages.success(
            request,
            _("The sample has been drawn: %(size)s people of %(population)s.")
            % {"size": len(sample.members), "population": sample.population},
        )
    else:
        messages.info(
            request,
            _(
                "A sample was already drawn for this request (by %(name)s on %(date)s): here it "
                "is. A request is sampled once, so that nobody can draw until the sample suits."
            )
            % {
                "name": sample.drawn_by.display_name,
                "date": date_format(timezone.localtime(sample.drawn_at), "SHORT_DATETIME_FORMAT"),
            },
        )
    return redirect("grants:sample_detail", pk=tranche_request.pk)


@never_cache
@login_required
@require_http_methods(["POST"])
def sample_contact(request, pk):
    tranche_request = _viewable(request.user, pk)
    if not permissions.can_review_tranche_request(request.user, tranche_request.tranche.agreement):
        raise PermissionDenied(_("Only the officer who drew the sample records its contacts."))
    sample = sampling.sample_for(tranche_request)
    if sample is None:
        messages.error(request, _("No sample has been drawn for this request yet."))
        return redirect("grants:sample_detail", pk=tranche_request.pk)
    if not sampling.is_drawer(request.user, sample):
        raise PermissionDenied(_("Only the officer who drew the sample records its contacts."))
    person = str(request.POST.get("person") or "").strip()
    if person not in {m["person"] for m in sample.members}:
        messages.error(
            request, _("This person is not in the sample: only sampled people are contacted.")
        )
        return redirect("grants:sample_detail", pk=tranche_request.pk)
    form = SampleContactForm(request.POST, prefix=person, request=tranche_request)
    if form.is_valid():
        try:
            sampling_services.sample_contact_record(
                sample=sample, person=person, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The contact has been recorded."))
            url = reverse("grants:sample_detail", args=[tranche_request.pk])
            return redirect(f"{url}#person-{person}")
    return _render_page(request, tranche_request, bound=(person, form), status=400)


@login_required
@require_GET
def sample_download(request, pk):
    tranche_request = _viewable(request.user, pk)
    document = sampling.sample_document(tranche_request)
    if document is None:
        raise Http404
    content = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(content.encode(), content_type="application/json; charset=utf-8")
    tranche = tranche_request.tranche
    reference = slugify(tranche.agreement.reference)
    name = f"sample-{reference}-t{tranche.number}-v{tranche_request.version}"
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response
