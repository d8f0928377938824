"""Template helpers for page metadata and the language switcher."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_bidi, get_language_info
from django.utils.translation import override as language_override
from wagtail.models import Page

from cms.translations import note_for, switch_urls, translations_and_nearest

register = template.Library()

# Open Graph wants territory-qualified locales.
OG_LOCALES = {"ar": "ar_MA", "fr": "fr_MA", "en": "en_GB"}


def _translations(context, page):
    """(live translations of ``page``, itself included; the nearest translated ancestor per
    language), one query, computed once per request: the page's metadata and the language
    switcher are separate includes, so the memo is on the request."""
    request = context.get("request")
    if request is not None:
        cache = request.__dict__.setdefault("_cms_translations", {})
    else:
        cache = context.render_context.setdefault("cms_translations", {})
    if page.pk not in cache:
        cache[page.pk] = translations_and_nearest(page)
    return cache[page.pk]


@register.simple_tag(takes_context=True)
def page_translations(context, page):
    """Live translations of ``page`` (itself included), by language code."""
    return _translations(context, page)[0]


@register.simple_tag(takes_context=True)
def absolute_page_url(context, page):
    """The public address of a page, on ``SITE_URL`` so canonical links never name an
    internal host."""
    url = page.get_url(request=context.get("request"))
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL + url


@register.filter
def og_locale(language_code: str) -> str:
    return OG_LOCALES.get(language_code, language_code)


class LanguageChoices(list):
    """The switcher's entries; ``links_only`` when every other language is a plain link."""

    links_only = False


@register.simple_tag(takes_context=True)
def language_choices(context):
    """One entry per interface language. On a Wagtail page every entry is a link: to the
    page's live translation in that language, else to its nearest translated ancestor (or that
    language's home page) with a note, never to an address that would answer 404; in English,
    which has no content of its own, to the French page with a note (cms/translations.py). A
    page so carries no CSRF token and the anonymous page cache (lms/pagecache.py) can keep it.
    Elsewhere ``url`` is ``None`` and the switcher is Django's set_language form (it sends the
    visitor to the same address under the other prefix, and remembers the choice for ``/``)."""
    page = context.get("page")
    request = context.get("request")
    on_page = isinstance(page, Page) and bool(page.pk) and request is not None
    urls = {}
    if on_page:
        translations, nearest = _translations(context, page)
        urls = switch_urls(page=page, request=request, translations=translations, nearest=nearest)
    current = get_language()

    choices = LanguageChoices(
        {
            "code": code,
            "name_local": get_language_info(code)["name_local"],
            "url": urls.get(code) if code != current else None,
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    )
    choices.links_only = on_page
    return choices


@register.simple_tag(takes_context=True)
def language_note(context):
    """The note for a visitor sent here by the language switcher (``?untranslated=<code>``):
    the language they asked for, its name in that language and whether it is bidi, and the
    language shown instead; ``None`` without a valid parameter."""
    note = note_for(context.get("request"))
    if note is None:
        return None
    with language_override(note["code"]):
        note["bidi"] = get_language_bidi()
        note["language_name"] = get_language_info(note["code"])["name_translated"]
        note["shown_in_name"] = get_language_info(note["shown_in"])["name_translated"]
    note["foreign"] = note["code"] != get_language()
    return note


@register.simple_tag(takes_context=True)
def lang_attrs(context, page_or_code):
    """`` lang="…" dir="…"`` for content in another language than the page's (a page's own
    locale, or a language code), nothing when they are the same: screen readers then read it
    with the right voice, and the browser lays it out in the right direction."""
    code = getattr(getattr(page_or_code, "locale", None), "language_code", page_or_code)
    if not code or code == get_language():
        return ""
    with language_override(code):
        direction = "rtl" if get_language_bidi() else "ltr"
    return format_html(' lang="{}" dir="{}"', code, direction)


@register.filter
def safe_embed(embed):
    """A video block's player, through the one sanitizer: only an https iframe from the
    allowlisted providers survives."""
    from django.utils.safestring import mark_safe

    from cms.blocks import VIDEO_HOSTS
    from core.sanitizer import sanitize_embed

    html = getattr(embed, "html", None) or ""
    return mark_safe(sanitize_embed(str(html), allowed_hosts=VIDEO_HOSTS))  # noqa: S308 - sanitized  # nosec B308 B703
