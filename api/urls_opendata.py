"""Open data on public money: public pages per programme (ar/fr), CSV, JSON, DCAT-AP."""

from django.urls import path

from . import views_opendata as views

app_name = "opendata"

urlpatterns = [
    path("open-data/", views.index, name="index"),
    path("open-data/catalog.jsonld", views.catalog, name="catalog"),
    path("open-data/agreements.schema.json", views.schema, name="schema"),
    path("open-data/programmes/<int:pk>/", views.programme, name="programme"),
    path("open-data/programmes/<int:pk>/agreements.json", views.programme_json, name="json"),
    path("open-data/programmes/<int:pk>/agreements.csv", views.programme_csv, name="csv"),
]
