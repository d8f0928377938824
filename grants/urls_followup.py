"""URLs of this part of grants, included by grants/urls.py under the same namespace."""

from django.urls import path

from . import views_followup

urlpatterns: list = [
    path(
        "grants/tranche-requests/<int:pk>/finance-check/",
        views_followup.finance_check,
        name="finance_check",
    ),
]
