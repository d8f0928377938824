"""The public pages: the awareness section lists its own language, every page carries its
metadata and hreflang alternates, and the language switcher links to translations."""

import re

import pytest

from tests.factories import cms as factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(home_ar, home_fr):
    """An awareness section in Arabic with one article translated into French."""
    index_ar = factories.awareness_index(home_ar, title="التوعية")
    index_fr = factories.translate(index_ar, "fr", title="Sensibilisation")
    article_ar = factories.awareness_article(index_ar, title="العرائض", intro="مقدمة")
    article_fr = factories.translate(article_ar, "fr", title="Les pétitions", intro="Intro")
    only_ar = factories.awareness_article(index_ar, title="الملتمسات")
    return {
        "index_ar": index_ar,
        "index_fr": index_fr,
        "article_ar": article_ar,
        "article_fr": article_fr,
        "only_ar": only_ar,
    }


def test_the_awareness_section_lists_its_articles_in_its_own_language_only(client, section):
    arabic = client.get(section["index_ar"].url).content.decode()
    french = client.get(section["index_fr"].url).content.decode()
    assert section["article_ar"].url in arabic and section["only_ar"].url in arabic
    assert section["article_fr"].url not in arabic
    assert section["article_fr"].url in french
    assert section["article_ar"].url not in french
    assert section["only_ar"].url not in french


def test_the_awareness_section_filters_by_topic(client, home_ar):
    index = factories.awareness_index(home_ar)
    safety = factories.awareness_article(index, topic="digital_safety")
    democracy = factories.awareness_article(index, topic="democracy")
    html = client.get(index.url, {"topic": "digital_safety"}).content.decode()
    assert safety.url in html
    assert democracy.url not in html


def test_the_awareness_section_is_paginated(client, home_ar):
    index = factories.awareness_index(home_ar)
    articles = [factories.awareness_article(index) for _ in range(index.per_page + 1)]
    first = client.get(index.url).content.decode()
    second = client.get(index.url, {"page": 2}).content.decode()
    assert sum(a.url in first for a in articles) == index.per_page
    assert sum(a.url in second for a in articles) == 1


def test_an_article_renders_its_body_and_sources(client, home_ar):
    index = factories.awareness_index(home_ar)
    article = factories.awareness_article(
        index,
        body=[("paragraph", "<p>Corps de l'article</p>")],
        sources=[
            ("link", {"title": "CNDP", "url": "https://www.cndp.ma", "publisher": ""}),
        ],
    )
    html = client.get(article.url).content.decode()
    assert "Corps de l" in html
    assert 'href="https://www.cndp.ma"' in html


def test_a_translated_page_links_its_language_versions_with_hreflang(client, section, settings):
    html = client.get(section["article_fr"].url).content.decode()
    base = settings.SITE_URL
    assert f'<link rel="canonical" href="{base}{section["article_fr"].url}">' in html
    assert f'hreflang="ar" href="{base}{section["article_ar"].url}"' in html
    assert f'hreflang="fr" href="{base}{section["article_fr"].url}"' in html
    assert 'hreflang="x-default"' in html


def test_a_page_carries_a_meta_description_and_open_graph_tags(client, home_ar):
    page = factories.standard_page(
        home_ar, title="من نحن", intro="مقدمة", search_description="وصف الصفحة"
    )
    html = client.get(page.url).content.decode()
    assert '<meta name="description" content="وصف الصفحة">' in html
    assert '<meta property="og:title" content="من نحن">' in html
    assert '<meta property="og:locale" content="ar_MA">' in html


def test_an_untranslated_page_has_no_alternate_in_another_language(client, section):
    html = client.get(section["only_ar"].url).content.decode()
    assert 'hreflang="fr"' not in html.split("</head>")[0]


def test_the_language_switcher_links_to_the_translation_of_the_page(client, section):
    html = client.get(section["article_ar"].url).content.decode()
    switcher = html[html.index('class="language-switcher"') :]
    links = re.findall(
        r'<a class="language-switcher__link" href="([^"]+)" hreflang="(\w+)"', switcher
    )
    assert (section["article_fr"].url, "fr") in links


def test_the_language_switcher_keeps_the_form_off_wagtail_pages(client):
    html = client.get("/fr/accounts/login/").content.decode()
    assert "language-switcher__link" not in html
    assert 'name="language" value="ar"' in html


def test_the_home_page_shows_its_featured_links_and_latest_articles(client, home_ar):
    index = factories.awareness_index(home_ar)
    article = factories.awareness_article(index)
    home_ar.featured = [("link", {"page": index, "title": "Vos droits", "text": ""})]
    home_ar.save_revision().publish()
    html = client.get("/ar/").content.decode()
    assert f'href="{index.url}"' in html
    assert article.url in html
