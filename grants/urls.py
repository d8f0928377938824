from django.urls import path

from . import (
    urls_budgets,
    urls_followup,
    urls_programmes,
    urls_queue,
    urls_sampling,
    views,
    views_evidence,
)

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
    path(
        "grants/agreements/<int:pk>/evidence/sessions/",
        views_evidence.evidence_sessions,
        name="evidence_sessions",
    ),
    path(
        "grants/agreements/<int:pk>/evidence/beneficiaries/",
        views_evidence.evidence_beneficiaries,
        name="evidence_beneficiaries",
    ),
    path(
        "grants/agreements/<int:pk>/evidence/certificates/",
        views_evidence.evidence_certificates,
        name="evidence_certificates",
    ),
    path("grants/agreements/<int:pk>/pack/", views_evidence.pack_request, name="pack_request"),
    path("grants/dashboard/", views_evidence.dashboard, name="dashboard"),
    path("grants/packs/<int:pk>/", views_evidence.pack_detail, name="pack_detail"),
    path("grants/packs/<int:pk>/download/", views_evidence.pack_download, name="pack_download"),
    *urls_programmes.urlpatterns,
    *urls_budgets.urlpatterns,
    *urls_followup.urlpatterns,
    *urls_queue.urlpatterns,
    *urls_sampling.urlpatterns,
]
