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


def _ancestor_paths(page: Page) -> list[str]:
    """The tree paths of ``page``'s ancestors below the root (no query)."""
    steplen = Page.steplen
    return [page.path[:end] for end in range(2 * steplen, len(page.path), steplen)]


def translations_and_nearest(page: Page) -> tuple[list[Page], dict[str, Page]]:
    """In one query: ``page``'s live public translations (itself included, by language code)
    and, per language, the nearest ancestor's live public translation."""
    keys = Page.objects.filter(path__in=[*_ancestor_paths(page), page.path]).values(
        "translation_key"
    )
    rows = list(
        Page.objects.live()
        .public()
        .filter(translation_key__in=keys)
        .select_related("locale")
        .order_by("-depth", "locale__language_code")
    )
    own = sorted(
        (row for row in rows if row.translation_key == page.translation_key),
        key=lambda row: row.locale.language_code,
    )
    nearest: dict[str, Page] = {}
    for row in rows:
        if row.translation_key != page.translation_key:
            nearest.setdefault(row.locale.language_code, row)
    return own, nearest


def nearest_translations(page: Page, language_codes) -> dict[str, Page]:
    """Language → the nearest ancestor of ``page`` with a live public translation in that
    language (that translation), in one query; a language none has is left out."""
    ancestor_paths = _ancestor_paths(page)
    if not ancestor_paths or not language_codes:
        return {}
    found: dict[str, Page] = {}
    for candidate in (
        Page.objects.live()
        .public()
        .filter(
            translation_key__in=Page.objects.filter(path__in=ancestor_paths).values(
                "translation_key"
            ),
            locale__language_code__in=list(language_codes),
        )
        .select_related("locale")
        .order_by("-depth")
    ):
        found.setdefault(candidate.locale.language_code, candidate)
    return found


def nearest_translated(page: Page, language_code: str, *, translations=None) -> tuple[Page, bool]:
    """(page, exact): ``page``'s live public translation in ``language_code`` (exact), else its
    nearest ancestor's (not exact); ``(None, False)`` when not even the home page has one.
    ``translations``: the page's live translations when the caller has them already."""
    if translations is None:
        translations = page_live_translations(page=page)
    for translation in translations:
        if translation.locale.language_code == language_code:
            return translation, True
    return nearest_translations(page, [language_code]).get(language_code), False


def with_note(url: str, asked_for: str, query: QueryDict | None = None) -> str:
    """``url`` with the note parameter (and ``query``'s other parameters, e.g. the catalogue's
    filters, kept)."""
    params = query.copy() if query is not None else QueryDict(mutable=True)
    params[UNTRANSLATED_PARAM] = asked_for
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode(list(params.lists()), doseq=True)}"


def switch_urls(*, page: Page, request, translations=None, nearest=None) -> dict[str, str]:
    """Interface language → where the language switcher sends a reader of ``page``: the page's
    translation, else the nearest translated ancestor or that language's home page, with the
    note; in a language without content, the content language's page with the note. At most
    one query (for the ancestors), none when the page is translated or ``nearest`` (from
    ``translations_and_nearest``) is given."""
    if translations is None:
        translations = page_live_translations(page=page)
    exact = {translation.locale.language_code: translation for translation in translations}
    shown_in = {code: content_language_for(code) for code in interface_languages()}
    if nearest is None:
        nearest = nearest_translations(page, set(shown_in.values()) - set(exact))
    urls = {}
    for code, language in shown_in.items():
        target = exact.get(language) or nearest.get(language)
        url = target.get_url(request) if target is not None else None
        if not url:
            urls[code] = with_note(f"/{language}/", code)
        elif language == code and language in exact:
            urls[code] = url
        else:
            urls[code] = with_note(url, code)
    return urls


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
