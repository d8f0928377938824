"""The API object: token authentication and rate limit, errors as problem+json, ETags, and
the OpenAPI 3.1 schema post-processed so that every error is documented as problem+json."""

from __future__ import annotations

import functools
import hashlib
import logging
import os

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from core.ratelimit import RateLimit, limit_exceeded

from .problems import PROBLEM_CONTENT_TYPE, Problem, problem_response
from .services import TokenRefused, api_client_for_token

logger = logging.getLogger(__name__)

TOKEN_MESSAGES = {
    "invalid_token": _("This token is not known."),
    "token_revoked": _("This token has been revoked."),
    "token_expired": _("This token has expired."),
    "acting_user_inactive": _("The person this client acts as may no longer use it."),
}


def rate_limit() -> RateLimit:
    """Calls a token may make per minute: ``API_RATE_LIMIT_PER_MINUTE`` (setting or
    environment), 600 by default."""
    value = getattr(settings, "API_RATE_LIMIT_PER_MINUTE", None)
    if value is None:
        value = int(os.environ.get("API_RATE_LIMIT_PER_MINUTE", "600"))
    return RateLimit(attempts=int(value), seconds=60)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer tmk_…``: the client of the token, rate-limited per token."""

    def authenticate(self, request, token):
        try:
            client = api_client_for_token(token.strip())
        except TokenRefused as refused:
            raise Problem(
                401,
                refused.code,
                TOKEN_MESSAGES[refused.code],
                headers={
                    "WWW-Authenticate": f'Bearer error="invalid_token", code="{refused.code}"'
                },
            ) from None
        limit = rate_limit()
        if limit_exceeded(f"api:rate:{client.token_sha256[:24]}", limit):
            raise Problem(
                429,
                "rate_limited",
                _("Too many attempts. Wait a few minutes and try again."),
                headers={"Retry-After": str(limit.seconds)},
            )
        request.api_client = client
        return client


def requires(scope: str):
    """The endpoint needs ``scope`` on the token (403 ``scope_missing`` otherwise)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            client = request.auth
            if scope not in client.scopes:
                raise Problem(
                    403,
                    "scope_missing",
                    _("This token does not have the scope %(scope)s.") % {"scope": scope},
                )
            return view(request, *args, **kwargs)

        wrapper.required_scope = scope
        return wrapper

    return decorator


def acting_user(request):
    return request.auth.acting_user


class TamkeenAPI(NinjaAPI):
    def _get_urls(self):
        # django-ninja's root view raises a bare Http404, which LocaleMiddleware would turn into
        # a redirect to /ar/api/v1/; the root answers the API's own 404 problem instead (same
        # name, so reverse("api-v1:api-root") still gives every operation its base path).
        from django.urls import path

        from .v1 import not_found

        urls = super()._get_urls()
        return [
            path("", not_found, name="api-root")
            if getattr(url, "name", None) == "api-root"
            else url
            for url in urls
        ]

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            response["Vary"] = "Authorization, Accept-Language"
            response["Cache-Control"] = "private, no-cache"
            wanted = [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]
            if etag in wanted or "*" in wanted:
                not_modified = HttpResponse(status=304)
                for header in ("Vary", "Cache-Control"):
                    not_modified[header] = response[header]
                not_modified["ETag"] = etag
                return not_modified
            response["ETag"] = etag
        return response

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for code, response in operation.get("responses", {}).items():
                    if int(code) >= 400:
                        response["content"] = {
                            PROBLEM_CONTENT_TYPE: {
                                "schema": {"$ref": "#/components/schemas/Problem"}
                            }
                        }
                    elif int(code) == 200 and "304" in operation["responses"]:
                        response.setdefault("headers", {})["ETag"] = {
                            "description": "Send it back in If-None-Match: 304 when unchanged.",
                            "schema": {"type": "string"},
                        }
                    elif int(code) == 304:
                        response.pop("content", None)
        return schema


def install_exception_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(Problem)
    def _problem(request, exc):
        return problem_response(
            request,
            status=exc.status,
            code=exc.code,
            detail=exc.detail,
            headers=exc.headers,
            errors=exc.errors,
        )

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return problem_response(
            request,
            status=401,
            code="not_authenticated",
            detail=_("Send a token: Authorization: Bearer <token>."),
            headers={"WWW-Authenticate": "Bearer"},
        )

    @api.exception_handler(NinjaValidationError)
    def _invalid(request, exc):
        errors = [
            {"loc": [str(part) for part in e.get("loc", [])], "msg": str(e.get("msg", ""))}
            for e in exc.errors
        ]
        return problem_response(
            request,
            status=400,
            code="invalid_input",
            detail=_("Some of the input is not valid."),
            errors=errors,
        )

    @api.exception_handler(HttpError)
    def _http(request, exc):
        return problem_response(request, status=exc.status_code, code="http_error")

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return problem_response(
            request, status=404, code="not_found", detail=_("Nothing of that kind here.")
        )

    @api.exception_handler(PermissionDenied)
    def _denied(request, exc):
        return problem_response(request, status=403, code="forbidden", detail=str(exc) or "")

    @api.exception_handler(DjangoValidationError)
    def _conflict(request, exc):
        code = getattr(exc, "code", None) or "conflict"
        return problem_response(request, status=409, code=code, detail=" ".join(exc.messages))

    @api.exception_handler(Exception)
    def _server_error(request, exc):
        logger.exception("API error on %s", request.path)
        return problem_response(request, status=500, code="server_error")
