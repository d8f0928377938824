"""The database is unreachable (PostgreSQL restarting, a failover, a dropped connection): the
request gets a 503 "please try again" page with ``Retry-After``, not a 500.

Django turns every exception a view or a middleware lets through into a call to the
``handler500`` view (lms/urls.py), so this is the one place that tells the two apart. Nothing
is left half-saved: every service writes inside one transaction, which PostgreSQL rolls back
when the connection dies. The next request reconnects on its own (``CONN_HEALTH_CHECKS``).
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER_SECONDS = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)


def is_database_unavailable(error: BaseException | None) -> bool:
    """``error``, or an exception it was raised from, says the database could not be used."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, DATABASE_ERRORS):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def database_unavailable_response() -> HttpResponse:
    # Rendered without the request: its context processors (navigation, the user) would ask
    # the database again.
    html = render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


@requires_csrf_token
def server_error(request, template_name: str = defaults.ERROR_500_TEMPLATE_NAME):
    """``handler500``: a 503 when the database is the cause, Django's 500 otherwise."""
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response()
    return defaults.server_error(request, template_name=template_name)
