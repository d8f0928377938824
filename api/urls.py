"""``/api/``: the versioned REST API (outside the language prefixes: its language is the
request's Accept-Language)."""

from django.urls import path

from .v1 import api, not_found

urlpatterns = [
    path("v1/", api.urls),
    # Anything else under /api/ is a problem+json 404, never the site's language redirect.
    path("<path:rest>", not_found, name="api_not_found"),
]
