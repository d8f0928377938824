"""Errors as ``application/problem+json`` (RFC 9457): a stable ``code`` a program tests, a
``title`` and a ``detail`` in the language of the request (``Accept-Language``)."""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: _("Bad request"),
    401: _("Authentication required"),
    403: _("Forbidden"),
    404: _("Not found"),
    405: _("Method not allowed"),
    409: _("Conflict"),
    412: _("Precondition failed"),
    429: _("Too many attempts"),
    500: _("Server error"),
}


class Problem(Exception):
    """Raised anywhere under an API view: becomes a problem response."""

    def __init__(self, status: int, code: str, detail="", *, headers=None, errors=None):
        super().__init__(code)
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers or {}
        self.errors = errors


def problem_type(code: str) -> str:
    return f"urn:tamkeen:problem:{code}"


def problem_body(request, *, status: int, code: str, detail="", errors=None) -> dict:
    body = {
        "type": problem_type(code),
        "title": str(TITLES.get(status, TITLES[400 if status < 500 else 500])),
        "status": status,
        "detail": str(detail or TITLES.get(status, "")),
        "code": code,
        "instance": request.path if request is not None else "",
    }
    if errors:
        body["errors"] = errors
    return body


def problem_response(request, *, status: int, code: str, detail="", headers=None, errors=None):
    body = problem_body(request, status=status, code=code, detail=detail, errors=errors)
    if status == 404 and request is not None:
        request.urlconf = "api.urls_root"  # a 404 stays a 404 (see api/urls_root.py)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type=f"{PROBLEM_CONTENT_TYPE}; charset=utf-8",
    )
    response["Content-Language"] = get_language() or "ar"
    for name, value in (headers or {}).items():
        response[name] = value
    return response
