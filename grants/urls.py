from django.urls import path

from . import views

app_name = "grants"
urlpatterns = [
    path("grants/agreements/", views.agreement_list, name="agreement_list"),
    path("grants/agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("grants/tranches/<int:pk>/request/", views.tranche_request_open, name="request_open"),
    path("grants/tranches/<int:pk>/payment/", views.tranche_payment, name="tranche_payment"),
    path("grants/tranche-requests/<int:pk>/", views.tranche_request_detail, name="request_detail"),
    path("grants/tranche-requests/<int:pk>/edit/", views.tranche_request_edit, name="request_edit"),
    path(
        "grants/tranche-requests/<int:pk>/review/",
        views.tranche_request_review,
        name="request_review",
    ),
    path("grants/documents/<int:pk>/", views.document_download, name="document_download"),
    path("grants/documents/<int:pk>/remove/", views.document_remove, name="document_remove"),
    path("grants/receipts/<int:pk>/", views.receipt_download, name="receipt_download"),
]
