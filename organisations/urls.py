from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("organisations/<int:pk>/people/", views.organisation_people, name="people"),
]
