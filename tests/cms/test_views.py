"""Search is scoped to the visitor's language; sitemap.xml and robots.txt answer at the root."""

import pytest
from django.urls import reverse

from tests.factories import cms as factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated_article(home_ar, home_fr):
    index = factories.awareness_index(home_ar)
    factories.translate(index, "fr")
    article_ar = factories.awareness_article(index, title="العرائض المحلية", intro="lampadaire")
    article_fr = factories.translate(article_ar, "fr", title="Pétitions locales")
    return article_ar, article_fr


def test_search_finds_pages_in_the_current_language_only(client, translated_article):
    article_ar, article_fr = translated_article
    # "lampadaire" is in the intro of both versions: only the French one may come back.
    french = client.get("/fr/search/", {"q": "lampadaire"}).content.decode()
    arabic = client.get("/ar/search/", {"q": "lampadaire"}).content.decode()
    assert article_fr.url in french and article_ar.url not in french
    assert article_ar.url in arabic and article_fr.url not in arabic


def test_search_route_lives_under_the_language_prefix():
    assert reverse("cms:search").endswith("/search/")


def test_an_empty_search_lists_nothing_and_says_nothing_went_wrong(client, translated_article):
    response = client.get("/fr/search/", {"q": "   "})
    assert response.status_code == 200
    assert response.context["results"] is None
    assert "errorlist" not in response.content.decode()


def test_an_over_long_search_is_refused_with_a_message(client, translated_article):
    response = client.get("/fr/search/", {"q": "lampadaire" + "x" * 200})
    assert response.status_code == 200
    assert response.context["results"] is None
    assert "errorlist" in response.content.decode()


def test_search_results_are_paginated(client, home_ar):
    index = factories.awareness_index(home_ar)
    for _ in range(11):
        factories.awareness_article(index, intro="parrainage")
    first = client.get("/ar/search/", {"q": "parrainage"})
    second = client.get("/ar/search/", {"q": "parrainage", "page": 2})
    assert len(first.context["results"]) == 10
    assert len(second.context["results"]) == 1


def test_the_header_links_to_search_and_the_search_form_is_labelled(client):
    html = client.get("/ar/").content.decode()
    assert 'href="/ar/search/"' in html.split("</header>")[0]
    search = client.get("/ar/search/").content.decode()
    assert 'role="search"' in search
    assert '<label for="id_q">' in search


def test_the_sitemap_lists_pages_of_every_language(client, translated_article):
    article_ar, article_fr = translated_article
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert article_ar.url in xml
    assert article_fr.url in xml


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
