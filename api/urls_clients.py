from django.urls import path

from . import views_clients as views

app_name = "api_clients"

urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_create, name="create"),
    path("<int:pk>/", views.client_detail, name="detail"),
    path("<int:pk>/revoke/", views.client_revoke, name="revoke"),
    path("<int:pk>/webhooks/new/", views.webhook_create, name="webhook_create"),
]
