"""Marking text that does not know its language by its script: a person's or an association's
name, typed once in Arabic or in Latin letters (#21's language check).

``{{ person.display_name|inscript }}``: the text, inside ``<span lang="ar" dir="rtl">`` (or
``lang="fr" dir="ltr"``) when its first letter is of the other script than the page's
language, bare otherwise. Text that knows its language (core.bilingual's LocalizedText) is
better marked with ``|inlang``.
"""

from django import template
from django.utils.html import conditional_escape, format_html

from core.bilingual import direction, page_language, script_language

register = template.Library()


@register.filter(is_safe=True, needs_autoescape=True)
def inscript(value, autoescape=True):
    if value is None:
        return ""
    text = str(value)
    lang = script_language(text)
    page = "ar" if page_language() == "ar" else "fr"
    if not lang or lang == page:
        return conditional_escape(value) if autoescape else value
    return format_html('<span lang="{}" dir="{}">{}</span>', lang, direction(lang), text)


@register.simple_tag(takes_context=False)
def script_attrs(value):
    """`` lang="…" dir="…"`` for an element holding ``value`` when its script is not the
    page's language (a paragraph of typed text, where a span cannot wrap the paragraphs)."""
    lang = script_language(str(value or ""))
    page = "ar" if page_language() == "ar" else "fr"
    if not lang or lang == page:
        return ""
    return format_html(' lang="{}" dir="{}"', lang, direction(lang))
