"""URLs. Public pages live under a language prefix (/ar/, /fr/, /en/); the admin, health
check and machine-facing URLs do not."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from lms import health, views

urlpatterns = [
    path("", views.root_redirect, name="root"),
    path("health/", health.health, name="health"),
    path("i18n/setlang/", set_language, name="set_language"),
    # One way in: allauth's login, with its second factor and lockout (lms/views.py).
    path("admin/login/", views.admin_login, name="wagtailadmin_login"),
    # The chooser and reports Wagtail routes itself, scoped to the user's association; before
    # Wagtail's admin URLs so that these paths reach them (courses/admin_urls.py).
    path("admin/", include("courses.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", cms_views.sitemap, name="sitemap"),
    path("robots.txt", cms_views.robots_txt, name="robots_txt"),
    path("", include("courses.attendance.urls_root")),  # the service worker, scope: the site
    path("", include("certificates.urls_public")),
    path("api/", include("api.urls")),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("", include("accounts.urls_public")),
    path("", include("organisations.urls")),
    path("", include("notifications.urls")),
    path("", include("courses.urls")),
    path("", include("courses.attendance.urls")),
    path("", include("grants.urls")),
    path("", include("calls.urls")),
    path("", include("certificates.urls")),
    path("", include("api.urls_pages")),
    path("", include("cms.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

# A database that cannot be reached answers 503 "please try again", not 500 (lms/dberrors.py).
handler500 = "lms.dberrors.server_error"

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
