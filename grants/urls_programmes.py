"""URLs of this part of grants (programmes, agreements, amendments, the signed convention and
the bulk import), included by grants/urls.py under the same namespace."""

from django.urls import path

from . import views_programmes as views

urlpatterns = [
    path("grants/programmes/", views.programme_list, name="programme_list"),
    path("grants/programmes/new/", views.programme_create, name="programme_create"),
    path("grants/programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("grants/programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path(
        "grants/programmes/<int:pk>/agreements/new/",
        views.agreement_create,
        name="programme_agreement_create",
    ),
    path("grants/programmes/<int:pk>/import/", views.import_upload, name="import_upload"),
    path("grants/programmes/<int:pk>/import/confirm/", views.import_confirm, name="import_confirm"),
    path("grants/programmes/import-template.csv", views.import_template, name="import_template"),
    path("grants/agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("grants/agreements/<int:pk>/amend/", views.amendment_create, name="amendment_create"),
    path(
        "grants/agreements/<int:pk>/convention/upload/",
        views.convention_upload,
        name="convention_upload",
    ),
    path(
        "grants/agreements/<int:pk>/convention/",
        views.convention_download,
        name="convention_download",
    ),
    path("grants/amendments/<int:pk>/", views.amendment_download, name="amendment_download"),
]
