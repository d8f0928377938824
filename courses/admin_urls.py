"""Admin URLs that Wagtail routes to its own views with no registry to swap them through: the
page chooser's browse view, two reports and the forms listing. Included under ``admin/``
*before* Wagtail's admin URLs (``lms/urls.py``), so these paths reach the scoped views of
``courses.admin_views``; Wagtail's patterns of the same paths stay behind them, unreachable.
Decorated as Wagtail decorates its own: admin access required, the admin's 404 page, never
cached."""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404
from wagtail.utils.urlpatterns import decorate_urlpatterns

from . import admin_views

app_name = "tamkeen_admin"

urlpatterns = [
    path(
        "choose-page/<int:parent_page_id>/",
        admin_views.ScopedBrowseView.as_view(),
        name="choose_page_child",
    ),
    path(
        "reports/site-history/",
        admin_views.ScopedLogEntriesView.as_view(),
        name="site_history",
    ),
    path(
        "reports/site-history/results/",
        admin_views.ScopedLogEntriesView.as_view(results_only=True),
        name="site_history_results",
    ),
    path("forms/", admin_views.ScopedFormPagesListView.as_view(), name="forms"),
    path(
        "forms/results/",
        admin_views.ScopedFormPagesListView.as_view(results_only=True),
        name="forms_results",
    ),
    path(
        "reports/page-types-usage/",
        admin_views.ScopedPageTypesUsageReportView.as_view(),
        name="page_types_usage",
    ),
    path(
        "reports/page-types-usage/results/",
        admin_views.ScopedPageTypesUsageReportView.as_view(results_only=True),
        name="page_types_usage_results",
    ),
]

urlpatterns = decorate_urlpatterns(urlpatterns, require_admin_access)
urlpatterns = decorate_urlpatterns(urlpatterns, display_custom_404)
urlpatterns = decorate_urlpatterns(urlpatterns, never_cache)
