from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("data/", views.my_data, name="my_data"),
    path("data/my-data.json", views.my_data_json, name="my_data_json"),
    path("data/my-data.zip", views.my_data_csv, name="my_data_csv"),
    path("data/erase/", views.erase_account, name="erase_account"),
]
