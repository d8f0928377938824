"""The public site pages cost a fixed number of queries (page cache off), in Arabic and French,
however many articles there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import cms as factories

pytestmark = pytest.mark.django_db

# The target for an uncached public page (issue #9).
PUBLIC_PAGE_BUDGET = 15


def count_queries(client, url: str) -> int:
    client.get(url)  # warm the per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def site(home_ar, home_fr):
    """An awareness section in both languages, with its articles translated."""
    index_ar = factories.awareness_index(home_ar, title="توعية", slug="awareness")
    index_fr = factories.translate(index_ar, "fr", title="Sensibilisation")
    articles = []

    def add_articles(count: int):
        for _n in range(count):
            article = factories.awareness_article(index_ar)
            articles.append((article, factories.translate(article, "fr")))

    add_articles(2)
    return {
        "ar": {"home": home_ar, "index": index_ar},
        "fr": {"home": home_fr, "index": index_fr},
        "articles": articles,
        "add_articles": add_articles,
    }


def _pages(site, language: str) -> dict:
    article_ar, article_fr = site["articles"][0]
    return {
        "home": site[language]["home"].url,
        "index": site[language]["index"].url,
        "article": (article_ar if language == "ar" else article_fr).url,
    }


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("kind", ["home", "index", "article"])
def test_a_public_page_costs_the_same_with_more_articles(
    client, site, language, kind, django_assert_max_num_queries
):
    url = _pages(site, language)[kind]
    small = count_queries(client, url)
    site["add_articles"](12)  # more than a page of the index (9), more than "latest" (3)
    with django_assert_max_num_queries(PUBLIC_PAGE_BUDGET):
        assert client.get(url).status_code == 200
    assert count_queries(client, url) == small


def test_search_costs_the_same_with_more_results(client, site, django_assert_max_num_queries):
    from django.urls import reverse

    url = reverse("cms:search") + "?q=Article"
    small = count_queries(client, url)
    site["add_articles"](12)
    with django_assert_max_num_queries(PUBLIC_PAGE_BUDGET):
        assert client.get(url).status_code == 200
    assert count_queries(client, url) == small
