"""Template helpers for page metadata and the language switcher."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page

from cms.selectors import page_live_translations

register = template.Library()

# Open Graph wants territory-qualified locales.
OG_LOCALES = {"ar": "ar_MA", "fr": "fr_MA", "en": "en_GB"}


@register.simple_tag(takes_context=True)
def page_translations(context, page):
    """Live translations of ``page`` (itself included), computed once per request: the page's
    metadata and the language switcher are separate includes, so the memo is on the request."""
    request = context.get("request")
    if request is not None:
        cache = request.__dict__.setdefault("_cms_translations", {})
    else:
        cache = context.render_context.setdefault("cms_translations", {})
    if page.pk not in cache:
        cache[page.pk] = page_live_translations(page=page)
    return cache[page.pk]


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
    page's live translation in that language, else to the same address under that language's
    prefix (where Django's set_language would send the visitor too). A page so carries no
    CSRF token and the anonymous page cache (lms/pagecache.py) can keep it. Elsewhere ``url``
    is ``None`` and the switcher is Django's set_language form, which also remembers the
    choice for ``/``."""
    page = context.get("page")
    request = context.get("request")
    urls = {}
    on_page = isinstance(page, Page) and bool(page.pk) and request is not None
    if on_page:
        for translation in page_translations(context, page):
            urls[translation.locale.language_code] = translation.get_url(request)
    current = get_language()
    choices = LanguageChoices(
        {
            "code": code,
            "name_local": get_language_info(code)["name_local"],
            "url": urls.get(code)
            or (translate_url(request.get_full_path(), code) if on_page else None),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    )
    choices.links_only = on_page
    return choices


@register.filter
def safe_embed(embed):
    """A video block's player, through the one sanitizer: only an https iframe from the
    allowlisted providers survives."""
    from django.utils.safestring import mark_safe

    from cms.blocks import VIDEO_HOSTS
    from core.sanitizer import sanitize_embed

    html = getattr(embed, "html", None) or ""
    return mark_safe(sanitize_embed(str(html), allowed_hosts=VIDEO_HOSTS))  # noqa: S308 - sanitized  # nosec B308 B703
