"""The one attendance URL outside the language prefix: the service worker, at the root so that
its scope is the whole site (lms/urls.py includes this)."""

from django.urls import path

from .views import offline

urlpatterns = [path("sw.js", offline.service_worker, name="service_worker")]
