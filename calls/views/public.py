from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from organisations import permissions as org_permissions
from organisations.models import Membership

from .. import permissions, selectors
from ..models import Application, Call, CommitteeMember


def call_list(request):
    now = timezone.now()
    calls = list(selectors.public_calls())
    return render(
        request,
        "calls/call_list.html",
        {
            "open_calls": [c for c in calls if c.is_open(now)],
            "upcoming": [c for c in calls if c.opens_at > now],
            "past": [c for c in calls if c.is_closed(now)],
            "can_manage": request.user.is_authenticated
            and (
                request.user.is_superuser
                or org_permissions.is_funder_staff(request.user, Membership.Role.OFFICER)
            ),
            "can_apply": permissions.applying_associations(request.user).exists(),
            "seats": CommitteeMember.objects.filter(user=request.user).select_related(
                "committee__call"
            )
            if request.user.is_authenticated
            else [],
        },
    )


def call_detail(request, pk):
    call = get_object_or_404(
        Call.objects.select_related("programme").prefetch_related("eligible_regions"),
        pk=pk,
        status=Call.Status.PUBLISHED,
    )
    associations = list(permissions.applying_associations(request.user))
    mine = []
    if associations:
        mine = list(
            Application.objects.filter(call=call, association__in=associations).exclude(
                status=Application.Status.WITHDRAWN
            )
        )
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "sections": call.sections.prefetch_related("questions"),
            "criteria": call.criteria.all(),
            "is_open": call.is_open(),
            "associations": associations,
            "mine": mine,
            "seat": permissions.committee_seat(request.user, call),
        },
    )


def call_results(request, pk):
    call = get_object_or_404(
        Call.objects.select_related("programme"),
        pk=pk,
        status=Call.Status.PUBLISHED,
        results_published_at__isnull=False,
    )
    return render(
        request,
        "calls/call_results.html",
        {"call": call, "selected": selectors.selected_applications(call)},
    )
