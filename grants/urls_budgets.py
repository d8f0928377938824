"""URLs of this part of grants, included by grants/urls.py under the same namespace."""

from django.urls import path

from . import views_budgets

urlpatterns = [
    path("grants/agreements/<int:pk>/budget/", views_budgets.budget_edit, name="budget_edit"),
    path(
        "grants/agreements/<int:pk>/bank-details/reveal/",
        views_budgets.bank_details_reveal,
        name="bank_details_reveal",
    ),
    path(
        "grants/agreements/<int:pk>/bank-details/change/",
        views_budgets.bank_details_change,
        name="bank_details_change",
    ),
    path(
        "grants/bank-details/<int:pk>/certificate/",
        views_budgets.bank_certificate_download,
        name="bank_certificate_download",
    ),
]
