"""Public pages of accounts: the privacy notice (under the language prefix)."""

from django.urls import path

from . import views

urlpatterns = [
    path("privacy/", views.privacy_notice, name="privacy_notice"),
]
