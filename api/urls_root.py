"""A URL configuration without language prefixes, set as ``request.urlconf`` on the API's 404
answers: Django's LocaleMiddleware would otherwise turn them into redirects to /ar/… (where
Wagtail's catch-all page pattern matches anything)."""

from django.urls import include, path

urlpatterns = [path("api/", include("api.urls"))]
