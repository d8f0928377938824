"""The site's demo content: eight awareness articles in Arabic and French, linked as
translations, with legal references; a second run changes nothing."""

import random

import pytest
from wagtail.models import Page, Revision

from cms.models import AwarenessArticlePage, StandardPage
from demo import cms as demo

pytestmark = pytest.mark.django_db


def _seed():
    context: dict = {}
    demo.seed(rng=random.Random(2023), context=context, log=lambda message: None)
    return context


def test_the_demo_builds_the_awareness_section_in_both_languages_as_translations():
    context = _seed()
    assert set(context["home_pages"]) == {"ar", "fr"}
    arabic = AwarenessArticlePage.objects.live().filter(locale__language_code="ar")
    assert arabic.count() >= 8
    for article in arabic:
        french = article.get_translations().live().get()
        assert french.locale.language_code == "fr"
        assert any(block.block_type == "legal_reference" for block in article.sources)
    assert StandardPage.objects.live().filter(locale__language_code="fr").count() == 2
    topics = set(arabic.values_list("topic", flat=True))
    assert topics == {"democracy", "personal_data", "digital_safety"}


def test_a_second_demo_run_changes_nothing():
    _seed()
    counts = (Page.objects.count(), Revision.objects.count())
    _seed()
    assert (Page.objects.count(), Revision.objects.count()) == counts


def test_every_demo_page_renders(client):
    _seed()
    for page in Page.objects.live().filter(depth__gt=1).specific():
        assert client.get(page.url).status_code == 200, page.url
