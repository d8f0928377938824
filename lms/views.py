"""Project-level views."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.translation import check_for_language


def root_redirect(request):
    """``/`` opens the site in the visitor's chosen language, Arabic unless they chose another."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if not language or not check_for_language(language):
        language = settings.LANGUAGE_CODE
    return HttpResponseRedirect(f"/{language}/")
