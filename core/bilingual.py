"""Text typed in Arabic and in French, outside Wagtail pages (a session's title, its venue).

A model keeps the two as ``<name>_ar`` and ``<name>_fr`` and shows the one of the active
language, or the other one when the first is empty (a trainer may type only one)::

    class TrainingSession(models.Model):
        title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
        title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
        title = bilingual("title")

``session.title`` is a :class:`LocalizedText`: a ``str`` everywhere (a mail subject, a
calendar file, a CSV), which also knows the language it is written in, so that a page in the
other language marks it (``{% load bilingual %}{{ session.title|inlang }}`` renders
``<span lang="ar" dir="rtl">…</span>`` on a French page, and the bare text on an Arabic one):
screen readers then read it with the right voice. French serves the Latin-script interface
languages (English included).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.translation import get_language

__all__ = [
    "CONTENT_LANGUAGES",
    "LocalizedText",
    "bilingual",
    "content_language",
    "direction",
    "localized",
    "page_language",
    "script_language",
]

# The languages content is typed in, and their writing direction.
CONTENT_LANGUAGES = ("ar", "fr")
_DIRECTIONS = {"ar": "rtl", "fr": "ltr", "en": "ltr"}
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def page_language() -> str:
    """The active interface language's primary subtag (``ar``, ``fr``, ``en``)."""
    return (get_language() or "ar").split("-")[0].lower()


def content_language() -> str:
    """Which of the typed languages the active one reads: Arabic, or French for the others."""
    return "ar" if page_language() == "ar" else "fr"


def direction(language: str) -> str:
    return _DIRECTIONS.get((language or "").split("-")[0], "ltr")


def script_language(text: str, default: str = "") -> str:
    """``ar`` or ``fr`` by the first letter's script (a snapshot whose language is not stored);
    ``default`` for text without letters."""
    for char in text or "":
        if _ARABIC_LETTER.match(char):
            return "ar"
        if _LATIN_LETTER.match(char):
            return "fr"
    return default


class LocalizedText(str):
    """A ``str`` that knows its language (``lang``)."""

    def __new__(cls, value: str = "", lang: str = ""):
        text = super().__new__(cls, value or "")
        text.lang = lang
        return text

    def __reduce__(self):
        return (LocalizedText, (str(self), self.lang))

    @property
    def dir(self) -> str:
        return direction(self.lang)

    @property
    def is_foreign(self) -> bool:
        """Written in another language than the page's (and not empty): to be marked."""
        return bool(self) and bool(self.lang) and self.lang != page_language()


def localized(source, name: str, language: str | None = None) -> LocalizedText:
    """``<name>_ar`` or ``<name>_fr`` of ``source`` (a model instance or a mapping, such as a
    notification's parameters) in ``language`` (default: the active one), falling back to the
    other language, then to a plain ``<name>`` (a mapping written before both were kept)."""
    wanted = "ar" if (language or content_language()).startswith("ar") else "fr"
    other = "fr" if wanted == "ar" else "ar"
    get = source.get if isinstance(source, Mapping) else lambda key: getattr(source, key, "")
    for lang in (wanted, other):
        value = get(f"{name}_{lang}") or ""
        if str(value).strip():
            return LocalizedText(value, lang)
    plain = get(name) if isinstance(source, Mapping) else ""
    if plain:
        return LocalizedText(plain, script_language(str(plain)))
    return LocalizedText("", wanted)


def bilingual(name: str, doc: str = "") -> property:
    """A read-only property: ``<name>`` in the active language (see :func:`localized`)."""

    def getter(self) -> LocalizedText:
        return localized(self, name)

    getter.__name__ = name
    getter.__doc__ = doc or f"The {name} in the active language, else in the other one."
    return property(getter)
