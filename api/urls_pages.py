"""The API's pages, under the language prefixes: open data (public) and the management of API
clients and their webhooks (platform and funder admins)."""

from django.urls import include, path

urlpatterns = [
    path("", include("api.urls_opendata")),
    path("api-clients/", include("api.urls_clients")),
]
