"""URLs of the verification by sampling, included by grants/urls.py under the same namespace."""

from django.urls import path

from . import views_sampling

urlpatterns: list = [
    path(
        "grants/tranche-requests/<int:pk>/sample/",
        views_sampling.sample_detail,
        name="sample_detail",
    ),
    path(
        "grants/tranche-requests/<int:pk>/sample/draw/",
        views_sampling.sample_draw,
        name="sample_draw",
    ),
    path(
        "grants/tranche-requests/<int:pk>/sample/contact/",
        views_sampling.sample_contact,
        name="sample_contact",
    ),
    path(
        "grants/tranche-requests/<int:pk>/sample/draw.json",
        views_sampling.sample_download,
        name="sample_download",
    ),
]
