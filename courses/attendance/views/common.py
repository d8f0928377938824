"""Helpers shared by the attendance pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404

from ...models import TrainingSession

TEMPLATES = "courses/attendance/"


def session_for(request, pk, allowed) -> TrainingSession:
    """The session ``pk``, when ``allowed(user, session)``; 404 or 403 otherwise."""
    session = get_object_or_404(
        TrainingSession.objects.select_related("association", "course", "province"), pk=pk
    )
    if not allowed(request.user, session):
        raise PermissionDenied
    return session


def flash_error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"
