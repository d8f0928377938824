from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("my-learning/", views.my_learning, name="my_learning"),
    path("my-learning/attendance/", views.my_attendance, name="my_attendance"),
    path("my-sessions/", views.my_sessions, name="my_sessions"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("my-learning/calendar.ics", views.my_calendar_feed, name="my_calendar_feed"),
    path(
        "my-learning/calendar/new-link/",
        views.my_calendar_feed_renew,
        name="my_calendar_feed_renew",
    ),
    path("learning/courses/<int:course_id>/enroll/", views.course_enroll, name="course_enroll"),
    path(
        "learning/enrollments/<int:pk>/withdraw/",
        views.enrollment_withdraw,
        name="enrollment_withdraw",
    ),
    path("learning/lessons/<int:lesson_id>/done/", views.lesson_done, name="lesson_done"),
    path("learning/quizzes/<int:quiz_id>/submit/", views.quiz_submit, name="quiz_submit"),
    path("learning/quiz-attempts/<int:pk>/", views.quiz_attempt, name="quiz_attempt"),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/register/", views.session_register, name="session_register"),
    path("sessions/<int:pk>/calendar.ics", views.session_calendar, name="session_calendar"),
    path("sessions/<int:pk>/roster/", views.session_roster, name="session_roster"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path(
        "learning/registrations/<int:pk>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "learning/associations/<int:org_id>/sessions/",
        views.association_sessions,
        name="association_sessions",
    ),
    path(
        "learning/associations/<int:org_id>/sessions/new/",
        views.session_new,
        name="session_new",
    ),
    path(
        "learning/associations/<int:org_id>/members/",
        views.coordinator_dashboard,
        name="coordinator",
    ),
    path(
        "learning/associations/<int:org_id>/register/",
        views.coordinator_register,
        name="coordinator_register",
    ),
    path(
        "learning/associations/<int:org_id>/import/",
        views.import_upload,
        name="import_upload",
    ),
    path(
        "learning/associations/<int:org_id>/import/confirm/",
        views.import_confirm,
        name="import_confirm",
    ),
]
