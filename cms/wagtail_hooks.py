"""The public pages in a language without content of their own.

``/en/`` is an English interface for the work pages (account, learning, grants): there is no
English content tree, and Wagtail would otherwise serve the Arabic page under an English
interface, unmarked. A public page asked for under such a prefix answers a temporary redirect to
its French version (or the nearest French page), whose address carries the note parameter, so
the page says, in English, why the visitor reads French (cms/translations.py)."""

from django.http import HttpResponseRedirect
from django.utils.translation import get_language
from wagtail import hooks

from .translations import (
    UNTRANSLATED_PARAM,
    content_language_for,
    content_languages,
    nearest_translated,
    with_note,
)


@hooks.register("before_serve_page")
def public_pages_in_their_content_language(page, request, serve_args, serve_kwargs):
    asked_for = get_language()
    if asked_for in content_languages():
        return None
    target, _exact = nearest_translated(page, content_language_for(asked_for))
    url = target.get_url(request) if target is not None else None
    if not url:
        url = f"/{content_language_for(asked_for)}/"
    query = request.GET.copy()
    query.pop(UNTRANSLATED_PARAM, None)
    return HttpResponseRedirect(with_note(url, asked_for, query))
