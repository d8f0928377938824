"""Which page answers a visitor who asks for another language, so that switching language never
ends on a 404.

Content exists in the content languages (``WAGTAIL_CONTENT_LANGUAGES``: Arabic and French). The
interface has one more, English, with no content tree: a public page asked for in English is
shown in French (``CONTENT_FALLBACK``), with a note saying so. A page with no translation in the
language asked for is answered by its nearest ancestor that has one (the course for a quiz not
translated yet, the catalogue for a course), else by that language's home page; the address then
carries ``?untranslated=<language asked for>`` and the page says why the visitor is there
(``templates/includes/language_note.html``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict
from wagtail.models import Page

from cms.selectors import page_live_translations

# The query parameter that tells the page the visitor asked for another language.
UNTRANSLATED_PARAM = "untranslated"

# An interface language without content of its own → the content language shown instead.
# French, not Arabic, for English: the same script and direction, and the language the staff
# who work in English read.
CONTENT_FALLBACK = {"en": "fr"}


def content_languages() -> list[str]:
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def interface_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def content_language_for(language_code: str) -> str:
    """The language public pages are shown in to a visitor reading ``language_code``."""
    if language_code in content_languages():
        return language_code
    return CONTENT_FALLBACK.get(language_code, settings.LANGUAGE_CODE)


def nearest_translated(page: Page, language_code: str, *, translations=None) -> tuple[Page, bool]:
    """(page, exact): ``page``'s live public translation in ``language_code`` (exact), else its
    nearest ancestor's (not exact); ``(None, False)`` when not even the home page has one.
    ``translations``: the page's live translations when the caller has them already."""
    if translations is None:
        translations = page_live_translations(page=page)
    for translation in translations:
        if translation.locale.language_code == language_code:
            return translation, True
    ancestor_keys = list(
        page.get_ancestors().filter(depth__gt=1).values_list("translation_key", flat=True)
    )
    nearest = (
        Page.objects.live()
        .public()
        .filter(translation_key__in=ancestor_keys, locale__language_code=language_code)
        .order_by("-depth")
        .first()
    )
    return nearest, False


def with_note(url: str, asked_for: str, query: QueryDict | None = None) -> str:
    """``url`` with the note parameter (and ``query``'s other parameters, e.g. the catalogue's
    filters, kept)."""
    params = query.copy() if query is not None else QueryDict(mutable=True)
    params[UNTRANSLATED_PARAM] = asked_for
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode(list(params.lists()), doseq=True)}"


def switch_url(*, page: Page, language_code: str, request, translations=None) -> str:
    """Where the language switcher sends a reader of ``page`` who picks ``language_code``: the
    page's translation, else the nearest translated ancestor or the home page with the note;
    in a language without content, the content language's page with the note."""
    shown_in = content_language_for(language_code)
    target, exact = nearest_translated(page, shown_in, translations=translations)
    url = target.get_url(request) if target is not None else None
    if not url:
        url, exact = f"/{shown_in}/", False
    if exact and shown_in == language_code:
        return url
    return with_note(url, language_code)


def note_for(request) -> dict | None:
    """What the arrival note says, from the address's parameter: the language asked for, and
    whether it has content at all. ``None`` when there is nothing (or nothing valid) to say."""
    if request is None:
        return None
    asked_for = request.GET.get(UNTRANSLATED_PARAM)
    if asked_for not in interface_languages():
        return None
    return {
        "code": asked_for,
        "has_content": asked_for in content_languages(),
        "shown_in": content_language_for(asked_for),
    }
