"""Attendance URLs, under the language prefix, namespace ``attendance``."""

from django.urls import path, re_path

from . import views

app_name = "attendance"
urlpatterns = [
    path("attendance/check-in/", views.check_in, name="check_in"),
    re_path(
        r"^attendance/check-in/(?P<token>[0-9a-f-]{1,80})/$",
        views.check_in_token,
        name="check_in_token",
    ),
    path("attendance/sync/", views.sync, name="sync"),
    path("attendance/offline/check-in/", views.offline_check_in, name="offline_check_in"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("attendance/sessions/<int:pk>/", views.evidence, name="evidence"),
    path("attendance/sessions/<int:pk>/roll-call/", views.roll_call, name="roll_call"),
    path("attendance/sessions/<int:pk>/mark/", views.mark, name="mark"),
    path("attendance/sessions/<int:pk>/mark-all/", views.mark_all, name="mark_all"),
    path("attendance/sessions/<int:pk>/walk-in/", views.walk_in, name="walk_in"),
    path("attendance/sessions/<int:pk>/correct/", views.correct, name="correct"),
    path("attendance/sessions/<int:pk>/qr/", views.qr_screen, name="qr"),
    path("attendance/sessions/<int:pk>/qr/current/", views.qr_current, name="qr_current"),
    path("attendance/sessions/<int:pk>/sheet.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("attendance/sessions/<int:pk>/scans/", views.scans, name="scans"),
    path("attendance/scans/<int:pk>/file/", views.scan_file, name="scan_file"),
    path("attendance/sessions/<int:pk>/close/", views.close, name="close"),
    re_path(
        r"^attendance/sessions/(?P<pk>\d+)/export\.(?P<fmt>csv|xlsx)$",
        views.session_export,
        name="session_export",
    ),
    path("attendance/courses/<int:course_id>/", views.course_summary, name="course_summary"),
    re_path(
        r"^attendance/courses/(?P<course_id>\d+)/export\.(?P<fmt>csv|xlsx)$",
        views.course_export,
        name="course_export",
    ),
]
