"""Search never answers 500 (issue #15, item 6): whatever is typed reaches the search backend
as plain words (cms/search_backend.py), on SQLite FTS5 as on PostgreSQL. Before, any query
with a ``"`` was an FTS5 syntax error ("unterminated string") on the site and in the admin."""

import pytest
from django.test import Client
from modelsearch.query import MATCH_ALL, MATCH_NONE, And, Not, Or, Phrase, PlainText
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from cms import search_backend
from cms.search_backend import MAX_TERMS, plain_query, plain_terms
from tests.factories import cms as factories

from ..factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    '"',
    '""',
    'a"b',
    '"lampadaire',
    'lampadaire"',
    '"lampadaire" OR "x',
    "*",
    "lampadaire*",
    "-lampadaire",
    "- * ( ) : ^ + ' \\",
    "OR",
    "AND",
    "NOT lampadaire",
    "lampadaire OR",
    "NEAR(lampadaire x)",
    "NEAR(lampadaire",
    "(lampadaire",
    "lampadaire)",
    "title:lampadaire",
    "{title} : lampadaire",
    "l'éclairage",
    "\u0000lampadaire",
    'العرائض"المحلية',
    "x" * 2000,
    " ".join(["lampadaire"] * 400),
    ('"a" ' * 500)[:2000],
]


@pytest.fixture
def article(home_ar, home_fr):
    index = factories.awareness_index(home_ar)
    factories.translate(index, "fr")
    article_ar = factories.awareness_article(index, title="العرائض المحلية", intro="lampadaire")
    return factories.translate(article_ar, "fr", title="Pétitions locales")


def test_the_project_uses_the_plain_terms_backend():
    assert isinstance(get_search_backend(), search_backend.PlainTermsMixin)


@pytest.mark.parametrize("query", HOSTILE)
def test_the_site_search_answers_any_query(client, article, query):
    for language in ("fr", "ar"):
        response = client.get(f"/{language}/search/", {"q": query})
        assert response.status_code == 200, (language, query)


@pytest.mark.parametrize("query", ['"lampadaire"', "lampadaire*", "(lampadaire)", "-lampadaire"])
def test_quotes_and_operators_are_ignored_not_obeyed(client, article, query):
    response = client.get("/fr/search/", {"q": query})
    assert article.url in response.content.decode()


def test_the_english_interface_searches_the_french_pages(client, article):
    # /en/ has no content tree: its search finds the French pages, never the Arabic ones.
    arabic = article.get_translation(article.locale.__class__.objects.get(language_code="ar"))
    page = client.get("/en/search/", {"q": "lampadaire"}).content.decode()
    assert article.url in page
    assert arabic.url not in page


def test_a_query_of_punctuation_finds_nothing(client, article):
    response = client.get("/fr/search/", {"q": '" * ( ) -'})
    assert response.status_code == 200
    assert article.url not in response.content.decode()


def test_the_backend_answers_querysets_with_any_query(article):
    for query in HOSTILE:
        list(Page.objects.live().search(query))
        list(Page.objects.live().autocomplete(query))


ADMIN_SEARCHES = [
    "/admin/pages/search/",
    "/admin/pages/search/results/",
    "/admin/pages/",
    "/admin/choose-page/search/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/reports/site-history/",
]


@pytest.mark.parametrize("url", ADMIN_SEARCHES)
def test_the_admin_searches_answer_any_query(article, url):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for query in HOSTILE:
        response = client.get(url, {"q": query})
        assert response.status_code == 200, (url, query, response.status_code)


class TestPlainTerms:
    def test_only_words_are_left(self):
        assert plain_terms('"a" OR (b*) -c NEAR(d e) f:g') == "a OR b c NEAR d e f g"

    def test_letters_of_every_script_and_their_marks_stay(self):
        assert plain_terms("الدِّيمقراطية «التشاركية»") == "الدِّيمقراطية التشاركية"
        assert plain_terms("l'éclairage") == "l éclairage"

    def test_a_long_query_is_cut(self):
        assert len(plain_terms("x" * 2000)) <= search_backend.MAX_QUERY_CHARS
        assert len(plain_terms("a " * 1000).split()) == MAX_TERMS

    def test_query_objects_are_cleaned_and_emptied(self):
        cleaned = plain_query(And([PlainText('a"b'), Phrase('"'), Or([Phrase("c (d)")])]))
        assert isinstance(cleaned, And)
        first, second = cleaned.subqueries
        assert first.query_string == "a b"
        assert isinstance(second, Phrase) and second.query_string == "c d"
        assert plain_query(PlainText('" *')) == ""
        assert plain_query(Not(PlainText("-"))) == ""
        assert plain_query(MATCH_ALL) is MATCH_ALL
        assert plain_query(MATCH_NONE) is not None
