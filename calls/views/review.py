"""The committee member's pages: the list of applications to review and, per application, the
declaration of interests (before anything of it is shown) then the scoring grid. In the
anonymised stage nothing identifies the association: its name, registration number, region,
province, e-mail and history stay off the page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import permissions, selectors, services
from ..forms import ApplicationForm, DeclarationForm, ScoreForm
from ..models import Application, Call, Score
from ..services.committee import declaration_of
from .common import show_errors


def _seat_or_404(user, call):
    seat = permissions.committee_seat(user, call)
    if seat is None:
        raise Http404
    return seat


@login_required
def review_list(request, pk):
    call = get_object_or_404(Call, pk=pk)
    seat = _seat_or_404(request.user, call)
    return render(
        request,
        "calls/review_list.html",
        {
            "call": call,
            "seat": seat,
            "committee": seat.committee,
            "rows": selectors.reviewer_queue(seat),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_application(request, pk):
    application = get_object_or_404(Application.objects.select_related("call__programme"), pk=pk)
    call = application.call
    seat = _seat_or_404(request.user, call)
    if not selectors.reviewable(call).filter(pk=application.pk).exists():
        raise Http404
    committee = seat.committee
    declaration = declaration_of(seat, application)
    declaration_form = DeclarationForm(
        request.POST if request.POST.get("action") == "declare" else None
    )
    existing = {
        s.criterion_id: s for s in Score.objects.filter(member=seat, application=application)
    }
    score_form = ScoreForm(
        request.POST if request.POST.get("action") == "score" else None,
        criteria=call.criteria.all(),
        existing=existing,
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "declare":
                if not declaration_form.is_valid():
                    raise ValidationError(_("Answer the question about conflicts of interest."))
                services.conflict_declare(
                    application=application,
                    by=request.user,
                    has_conflict=declaration_form.cleaned_data["has_conflict"],
                    note=declaration_form.cleaned_data["note"],
                )
                messages.success(request, _("Declaration recorded."))
            elif request.POST.get("action") == "score":
                if not score_form.is_valid():
                    raise ValidationError(_("Please correct the errors below."))
                services.scores_save(
                    application=application, by=request.user, scores=score_form.scores()
                )
                messages.success(request, _("Scores saved."))
            return redirect("calls:review_application", pk=application.pk)
        except ValidationError as error:
            show_errors(request, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
    show = declaration is not None and not declaration.has_conflict
    return render(
        request,
        "calls/review_application.html",
        {
            "call": call,
            "application": application,
            "seat": seat,
            "committee": committee,
            "anonymised": committee.anonymised,
            "declaration": declaration,
            "declaration_form": declaration_form,
            "score_form": score_form,
            "answers": ApplicationForm(application=application) if show else None,
            "uploads": application.uploads.select_related("document")
            if show and not committee.anonymised
            else None,
            "spread": selectors.score_spread(application) if show and committee.is_closed else None,
        },
        status=400 if request.method == "POST" else 200,
    )
