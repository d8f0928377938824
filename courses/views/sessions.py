"""Sessions for everyone (list, detail, registration, calendar) and for the delivering
association's staff (scheduling, roster, cancellation)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.signals import data_exported
from organisations import permissions
from organisations.models import Organisation

from .. import selectors, services
from ..calendar import session_ical
from ..forms import (
    SessionFilterForm,
    SessionForm,
)
from ..models import (
    SessionRegistration,
    TrainingSession,
)
from .common import flash_errors, ics_response

# --- Sessions and registration ----------------------------------------------------------------


@require_GET
def session_list(request):
    form = SessionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    sessions = selectors.upcoming_sessions(
        region=filters.get("region"),
        kind=filters.get("kind") or None,
        course=filters.get("course"),
    )
    return render(
        request,
        "courses/learning/session_list.html",
        {"form": form, "sessions": Paginator(sessions, 20).get_page(request.GET.get("page"))},
    )


@require_GET
def session_detail(request, pk):
    session = get_object_or_404(
        TrainingSession.objects.select_related(
            "association", "course", "province", "region", "commune"
        ),
        pk=pk,
    )
    registration = selectors.registration_for(user=request.user, session=session)
    return render(
        request,
        "courses/learning/session_detail.html",
        {
            "session": session,
            "seats": selectors.session_seats(session=session),
            "registration": registration,
            "waiting_rank": registration and selectors.waiting_rank(registration=registration),
            "can_manage": permissions.can_view_session_roster(request.user, session),
            "can_edit": permissions.can_manage_session(request.user, session),
        },
    )


@login_required
@require_POST
def session_register(request, pk):
    session = get_object_or_404(TrainingSession, pk=pk)
    try:
        registration = services.registration_create(
            session=session, learner=request.user, by=request.user
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        if not registration.just_created:
            messages.info(request, _("You are already registered for this session."))
        elif registration.status == SessionRegistration.Status.CONFIRMED:
            messages.success(request, _("Your seat is confirmed."))
        else:
            messages.info(
                request, _("The session is full: you are on the waiting list. We will e-mail you.")
            )
    return redirect("courses:session_detail", pk=session.pk)


@login_required
@require_POST
def registration_cancel(request, pk):
    registration = get_object_or_404(
        SessionRegistration.objects.select_related("session", "learner"), pk=pk
    )
    try:
        services.registration_cancel(registration=registration, by=request.user)
    except PermissionDenied:
        raise Http404 from None  # someone else's registration: not even its existence
    messages.success(request, _("The registration is cancelled."))
    following = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        following, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(following)
    return redirect("courses:session_detail", pk=registration.session_id)


@require_GET
def session_calendar(request, pk):
    session = get_object_or_404(
        TrainingSession.objects.select_related("province", "commune"), pk=pk
    )
    return ics_response(session_ical(session), f"session-{session.pk}.ics")


# --- Trainer association staff ----------------------------------------------------------------


@login_required
@require_GET
def association_sessions(request, org_id):
    organisation = get_object_or_404(Organisation, pk=org_id, kind=Organisation.Kind.TRAINER)
    if not (request.user.is_superuser or permissions.is_trainer_staff(request.user, organisation)):
        raise PermissionDenied
    return render(
        request,
        "courses/learning/association_sessions.html",
        {
            "organisation": organisation,
            "sessions": selectors.association_sessions(association=organisation),
            "can_schedule": permissions.can_schedule_sessions(request.user, organisation),
        },
    )


@login_required
def session_new(request, org_id):
    organisation = get_object_or_404(Organisation, pk=org_id, kind=Organisation.Kind.TRAINER)
    if not permissions.can_schedule_sessions(request.user, organisation):
        raise PermissionDenied
    form = SessionForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(
                association=organisation,
                by=request.user,
                trainers=form.cleaned_data["trainers"],
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The session is scheduled."))
            return redirect("courses:session_roster", pk=session.pk)
    return render(
        request, "courses/learning/session_form.html", {"organisation": organisation, "form": form}
    )


@login_required
@require_POST
def session_cancel(request, pk):
    session = get_object_or_404(TrainingSession.objects.select_related("association"), pk=pk)
    if not permissions.can_manage_session(request.user, session):
        raise PermissionDenied
    try:
        services.session_cancel(session=session, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The session is cancelled; the people registered are told."))
    return redirect("courses:session_roster", pk=session.pk)


@login_required
@require_GET
def session_roster(request, pk):
    session = get_object_or_404(
        TrainingSession.objects.select_related("association", "course"), pk=pk
    )
    if not permissions.can_view_session_roster(request.user, session):
        raise PermissionDenied
    data_exported(request, "sessions.roster", session=session.pk)
    return render(
        request,
        "courses/learning/session_roster.html",
        {
            "session": session,
            "roster": selectors.session_roster(session=session),
            "seats": selectors.session_seats(session=session),
            "can_manage": permissions.can_manage_session(request.user, session),
        },
    )
