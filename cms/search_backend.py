"""The search backend (``WAGTAILSEARCH_BACKENDS``): Wagtail's database backend, given plain
words only.

Every search of the project goes through here: the site's search page, the admin's page
search, explorer and choosers, image, document and snippet listings. Wagtail's SQLite (FTS5)
backend wraps each word in double quotes without doubling a quote inside it, so any query
with a ``"`` was an FTS5 syntax error ("unterminated string"), a server error. Rather than
rely on each engine's escaping, the query is reduced at this one boundary to what every
engine indexes anyway: words (letters, digits, combining marks, in any script). Quotes,
``*``, ``-``, parentheses and the like become spaces, operator words (``OR``, ``NEAR``,
``NOT``) stay words, and a query is cut to ``MAX_QUERY_CHARS`` characters and ``MAX_TERMS``
words, so the same input gives the same plain terms on SQLite and PostgreSQL. A query left
with no word finds nothing.
"""

from __future__ import annotations

import functools
import unicodedata

from modelsearch.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText
from wagtail.search.backends import database

MAX_QUERY_CHARS = 200
MAX_TERMS = 16


def plain_terms(text: str) -> str:
    """``text`` as space-separated words: every character that is not a letter, a digit or
    a combining mark (Arabic vowel signs, accents) is a space."""
    text = str(text)[: MAX_QUERY_CHARS * 2]
    kept = "".join(ch if unicodedata.category(ch)[0] in "LNM" else " " for ch in text)
    words = kept[:MAX_QUERY_CHARS].split()
    return " ".join(words[:MAX_TERMS])


def plain_query(query):
    """The same query with every text reduced to plain terms; ``""`` when nothing is left
    (the backend then answers with no results)."""
    if isinstance(query, str):
        return plain_terms(query)
    if isinstance(query, PlainText):
        text = plain_terms(query.query_string)
        return PlainText(text, operator=query.operator, boost=query.boost) if text else ""
    if isinstance(query, Phrase):
        text = plain_terms(query.query_string)
        return Phrase(text) if text else ""
    if isinstance(query, Fuzzy):
        text = plain_terms(query.query_string)
        return Fuzzy(text, operator=query.operator) if text else ""
    if isinstance(query, And | Or):
        parts = [part for part in map(plain_query, query.subqueries) if part != ""]
        if not parts:
            return ""
        return parts[0] if len(parts) == 1 else type(query)(parts)
    if isinstance(query, Not):
        inner = plain_query(query.subquery)
        return Not(inner) if inner != "" else ""
    if isinstance(query, Boost):
        inner = plain_query(query.subquery)
        return Boost(inner, query.boost) if inner != "" else ""
    return query  # MatchAll, None and anything carrying no text


class PlainTermsMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        return super()._search(
            query_compiler_class, plain_query(query), model_or_queryset, **kwargs
        )


@functools.cache
def _plain_class(backend_class):
    return type(f"Plain{backend_class.__name__}", (PlainTermsMixin, backend_class), {})


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    """Wagtail's database backend for this database (PostgreSQL, SQLite FTS5 or the
    fallback), with the query reduced to plain terms."""
    backend = database.SearchBackend(params)
    return _plain_class(type(backend))(params)
