"""Marking text typed in the other language than the page's (core/bilingual.py).

``{{ session.title|inlang }}``: the text, inside ``<span lang="ar" dir="rtl">`` when it is not
in the page's language (a fallback), bare otherwise. ``<h1{% inlang_attrs session.title %}>``:
the same marking as attributes of an element the template already has (a heading, a block of
paragraphs). ``{{ params|localized:"title" }}``: a notification's parameters (``title_ar`` and
``title_fr``) in the reader's language. Text that does not know its language (a plain ``str``)
is shown as it is.
"""

from django import template
from django.utils.html import conditional_escape, format_html

from core.bilingual import direction, localized

register = template.Library()


def _foreign_lang(value) -> str:
    """The language to mark ``value`` with, or "" when it needs no marking."""
    return value.lang if getattr(value, "is_foreign", False) else ""


@register.filter(is_safe=True, needs_autoescape=True)
def inlang(value, autoescape=True):
    lang = _foreign_lang(value)
    if not lang:
        return conditional_escape(value) if autoescape else value
    return format_html('<span lang="{}" dir="{}">{}</span>', lang, direction(lang), value)


@register.simple_tag
def inlang_attrs(value):
    lang = _foreign_lang(value)
    if not lang:
        return ""
    return format_html(' lang="{}" dir="{}"', lang, direction(lang))


@register.filter(name="localized")
def localized_filter(source, name):
    if source in (None, ""):
        return ""
    return localized(source, name)
