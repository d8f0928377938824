"""Helpers shared by the learning views."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse


def flash_errors(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
