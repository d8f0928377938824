"""Language-less URLs: the short verification link of the QR code, and what verifiers fetch."""

from django.urls import path

from . import views_public

app_name = "certificates_public"
urlpatterns = [
    path("verify/<str:code>/", views_public.verify_short, name="verify_short"),
    path(".well-known/jwks.json", views_public.jwks, name="jwks"),
    path("credentials/keys/<str:kid>/", views_public.signing_key, name="signing_key"),
    path("credentials/status/<str:list_ref>/", views_public.status_list, name="status_list"),
    path("credentials/issuers/<int:pk>/", views_public.issuer, name="issuer"),
    path("credentials/achievements/<int:pk>/", views_public.achievement, name="achievement"),
    path("credentials/<str:code>/", views_public.credential, name="credential"),
]
