"""Template helpers for page metadata and the language switcher."""

from django import template
from django.conf import settings
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page

from cms.selectors import page_live_translations

register = template.Library()

# Open Graph wants territory-qualified locales.
OG_LOCALES = {"ar": "ar_MA", "fr": "fr_MA", "en": "en_GB"}


@register.simple_tag(takes_context=True)
def page_translations(context, page):
    """Live translations of ``page`` (itself included), computed once per request."""
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


@register.simple_tag(takes_context=True)
def language_choices(context):
    """One entry per interface language: ``url`` is the page's live translation in that
    language when the current view is a Wagtail page that has one, else ``None`` (the
    switcher then falls back to Django's set_language form)."""
    page = context.get("page")
    urls = {}
    if isinstance(page, Page) and page.pk:
        for translation in page_translations(context, page):
            urls[translation.locale.language_code] = translation.get_url(context.get("request"))
    current = get_language()
    return [
        {
            "code": code,
            "name_local": get_language_info(code)["name_local"],
            "url": urls.get(code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.filter
def safe_embed(embed):
    """A video block's player, through the one sanitizer: only an https iframe from the
    allowlisted providers survives."""
    from django.utils.safestring import mark_safe

    from cms.blocks import VIDEO_HOSTS
    from lms.sanitizer import sanitize_embed

    html = getattr(embed, "html", None) or ""
    return mark_safe(sanitize_embed(str(html), allowed_hosts=VIDEO_HOSTS))  # noqa: S308 - sanitized
