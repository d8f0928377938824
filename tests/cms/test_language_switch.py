"""The language switcher never leads to a 404: a page's translation when it has one, else its
nearest translated ancestor (or the other language's home page) with a note on arrival; and
``/en/``, which has no content of its own, shows public pages in French, marked and explained."""

import re
from html import unescape

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import cms as factories

pytestmark = pytest.mark.django_db

SWITCH_LINK = re.compile(r'class="language-switcher__link" href="([^"]+)" hreflang="([a-z]+)"')
NOTE = re.compile(r'<p class="message message--info language-note"([^>]*)>(.*?)</p>', re.S)


def _switch_links(response) -> dict[str, str]:
    return {code: unescape(url) for url, code in SWITCH_LINK.findall(response.content.decode())}


def _note(response):
    """(attributes, text) of the arrival note, or None."""
    found = NOTE.search(response.content.decode())
    if found is None:
        return None
    return found.group(1), " ".join(unescape(found.group(2)).split())


def _missing_note(language_code: str) -> str:
    with translation.override(language_code):
        return gettext(
            "This page has not been translated into this language yet; here is the nearest page "
            "that has."
        )


def _english_note() -> str:
    with translation.override("en"):
        return gettext(
            "The public pages are not published in %(language)s: you are reading them in "
            "%(shown_in)s. Your account and work pages are available in %(language)s."
        ) % {"language": "English", "shown_in": "French"}


def test_a_translated_page_switches_to_its_translation(client, home_fr):
    index = factories.awareness_index(factories.arabic_home())
    french = factories.translate(index, "fr", title="Sensibilisation")
    links = _switch_links(client.get(index.url))
    assert links["fr"] == french.url
    response = client.get(links["fr"])
    assert response.status_code == 200
    assert _note(response) is None
    assert _switch_links(response)["ar"] == index.url


def test_an_untranslated_page_switches_to_the_nearest_translated_ancestor_with_a_note(
    client, home_fr
):
    index = factories.awareness_index(factories.arabic_home())
    french_index = factories.translate(index, "fr", title="Sensibilisation")
    article = factories.awareness_article(index)  # no French version yet
    assert client.get(article.url.replace("/ar/", "/fr/", 1)).status_code == 404

    link = _switch_links(client.get(article.url))["fr"]
    assert link == f"{french_index.url}?untranslated=fr"
    response = client.get(link)
    assert response.status_code == 200
    attributes, text = _note(response)
    assert text == _missing_note("fr")
    assert "lang=" not in attributes  # the note is in the page's own language


def test_without_any_translated_ancestor_the_switch_goes_to_the_other_home(client, home_ar):
    page = factories.standard_page(home_ar)
    link = _switch_links(client.get(page.url))["fr"]
    assert link == "/fr/?untranslated=fr"


def test_a_french_page_without_arabic_version_switches_to_the_arabic_ancestor(client, home_fr):
    page = factories.standard_page(home_fr, title="Seulement en français")
    link = _switch_links(client.get(page.url))["ar"]
    assert link == f"{factories.arabic_home().url}?untranslated=ar"
    response = client.get(link)
    assert response.status_code == 200
    assert _note(response)[1] == _missing_note("ar")


def test_english_on_a_public_page_is_its_french_version_with_an_english_note(client, home_fr):
    index = factories.awareness_index(factories.arabic_home())
    french = factories.translate(index, "fr", title="Sensibilisation")
    link = _switch_links(client.get(index.url))["en"]
    assert link == f"{french.url}?untranslated=en"
    response = client.get(link)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    attributes, text = _note(response)
    assert 'lang="en"' in attributes and 'dir="ltr"' in attributes
    assert text == _english_note()


def test_an_english_address_of_a_public_page_redirects_to_french_with_the_note(client, home_fr):
    index = factories.awareness_index(factories.arabic_home())
    french = factories.translate(index, "fr", title="Sensibilisation")
    english_address = index.url.replace("/ar/", "/en/", 1)
    response = client.get(english_address)
    assert response.status_code == 302
    assert response["Location"] == f"{french.url}?untranslated=en"
    home = client.get("/en/")
    assert home.status_code == 302
    assert home["Location"] == f"{home_fr.url}?untranslated=en"


def test_the_english_redirect_keeps_the_other_query_parameters(client, home_fr):
    index = factories.awareness_index(factories.arabic_home())
    french = factories.translate(index, "fr", title="Sensibilisation")
    response = client.get(index.url.replace("/ar/", "/en/", 1) + "?topic=democracy&untranslated=x")
    assert response.status_code == 302
    assert response["Location"] == f"{french.url}?topic=democracy&untranslated=en"


def test_english_never_shows_arabic_content_under_an_english_interface(client, home_fr):
    """Every public page asked for under /en/ leaves /en/ for its French version."""
    index = factories.awareness_index(factories.arabic_home())
    factories.translate(index, "fr", title="Sensibilisation")
    article = factories.awareness_article(index, title="مقال بالعربية فقط")
    response = client.get(article.url.replace("/ar/", "/en/", 1), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/fr/")
    assert "مقال بالعربية فقط" not in response.content.decode()


def test_work_pages_keep_their_english_interface(client, home_fr):
    response = client.get("/en/accounts/login/")
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in response.content.decode()


@pytest.mark.parametrize("value", ["xx", "", "<script>", "fr-ca"])
def test_an_unknown_language_in_the_note_parameter_shows_no_note(client, home_fr, value):
    response = client.get(f"{home_fr.url}?untranslated={value}")
    assert response.status_code == 200
    assert _note(response) is None


def test_the_switch_on_a_page_links_and_never_posts(client, home_fr):
    response = client.get(home_fr.url)
    html = response.content.decode()
    assert set(_switch_links(response)) == {"ar", "en"}
    switcher = html.split('class="language-switcher"')[1].split("</div>")[0]
    assert "csrfmiddlewaretoken" not in switcher
