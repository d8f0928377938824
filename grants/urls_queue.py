"""URLs of the work queue, included by grants/urls.py under the same namespace."""

from django.urls import path

from . import views_queue

urlpatterns: list = [
    path("grants/queue/", views_queue.queue, name="queue"),
]
