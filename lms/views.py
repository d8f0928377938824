"""Project-level views."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language


def root_redirect(request):
    """``/`` opens the site in the visitor's chosen language, Arabic unless they chose another."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if not language or not check_for_language(language):
        language = settings.LANGUAGE_CODE
    return HttpResponseRedirect(f"/{language}/")


def admin_login(request):
    """``/admin/login/`` (Wagtail's own login form) would sign staff in with a password alone,
    past allauth's second factor and lockout: it only sends them to allauth's login, keeping
    where they were going. Credentials posted to it are never read."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("wagtailadmin_home")
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
