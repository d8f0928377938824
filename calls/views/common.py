from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from .. import permissions
from ..models import Application, Call


def show_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def managed_call(user, pk) -> Call:
    call = get_object_or_404(Call.objects.select_related("programme__funder"), pk=pk)
    if not permissions.can_manage_call(user, call):
        raise Http404
    return call


def reported_call(user, pk) -> Call:
    call = get_object_or_404(Call.objects.select_related("programme__funder"), pk=pk)
    if not permissions.can_view_call_reports(user, call):
        raise Http404
    return call


def managed_application(user, pk) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("call__programme__funder", "association__region"), pk=pk
    )
    if not permissions.can_manage_call(user, application.call):
        raise Http404
    return application
