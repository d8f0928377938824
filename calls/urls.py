from django.urls import path

from .views import applications, manage, public, review

app_name = "calls"

urlpatterns = [
    path("calls/", public.call_list, name="call_list"),
    path("calls/<int:pk>/", public.call_detail, name="call_detail"),
    path("calls/<int:pk>/results/", public.call_results, name="call_results"),
    path("calls/<int:pk>/apply/", applications.application_start, name="application_start"),
    path("calls/mine/", applications.my_applications, name="my_applications"),
    path("calls/applications/<int:pk>/", applications.application_edit, name="application_edit"),
    path(
        "calls/applications/<int:pk>/documents/",
        applications.document_upload,
        name="document_upload",
    ),
    path(
        "calls/applications/<int:pk>/withdraw/",
        applications.application_withdraw,
        name="application_withdraw",
    ),
    path("calls/documents/<int:pk>/", applications.document_download, name="document_download"),
    path("calls/manage/", manage.manage_list, name="manage_list"),
    path("calls/manage/<int:pk>/", manage.manage_call, name="manage_call"),
    path("calls/manage/<int:pk>/form/", manage.manage_structure, name="manage_structure"),
    path("calls/manage/<int:pk>/publish/", manage.manage_publish, name="manage_publish"),
    path(
        "calls/manage/<int:pk>/applications/",
        manage.manage_applications,
        name="manage_applications",
    ),
    path("calls/manage/applications/<int:pk>/screen/", manage.manage_screen, name="manage_screen"),
    path("calls/manage/<int:pk>/committee/", manage.manage_committee, name="manage_committee"),
    path(
        "calls/manage/<int:pk>/determination/",
        manage.manage_determination,
        name="manage_determination",
    ),
    path(
        "calls/manage/applications/<int:pk>/agreement/",
        manage.manage_agreement,
        name="manage_agreement",
    ),
    path("calls/manage/<int:pk>/report/", manage.call_report, name="call_report"),
    path("calls/<int:pk>/review/", review.review_list, name="review_list"),
    path("calls/review/<int:pk>/", review.review_application, name="review_application"),
]
