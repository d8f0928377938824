from django.urls import path

from . import views, views_public

app_name = "certificates"
urlpatterns = [
    path("verify/", views_public.verify_form, name="verify_form"),
    path("verify/credential/", views_public.verify_credential, name="verify_credential"),
    path(
        "verify/<str:code>.json",
        views_public.verify,
        {"as_json": True},
        name="verify_json",
    ),
    path("verify/<str:code>/", views_public.verify, name="verify"),
    path("my-certificates/", views.my_certificates, name="mine"),
    path("certificates/<str:code>/pdf/", views.certificate_pdf, name="pdf"),
    path("certificates/<str:code>/credential/", views.certificate_credential, name="credential"),
    path("certificates/<str:code>/revoke/", views.certificate_revoke, name="revoke"),
    path(
        "certificates/associations/<int:org_id>/",
        views.association_certificates,
        name="association",
    ),
    path(
        "certificates/courses/<int:course_id>/bundle/",
        views.bundle_create,
        name="bundle_create",
    ),
    path("certificates/bundles/<uuid:pk>/", views.bundle_status, name="bundle"),
    path("certificates/bundles/<uuid:pk>/zip/", views.bundle_download, name="bundle_download"),
]
