"""The page tree can only be built the intended way, and pages describe themselves for search
engines."""

import pytest
from wagtail.models import Page

from cms.models import AwarenessArticlePage, AwarenessIndexPage, HomePage, StandardPage
from courses.models import CatalogPage
from tests.factories import cms as factories

pytestmark = pytest.mark.django_db


def test_the_home_page_accepts_only_the_awareness_section_standard_pages_and_the_catalogue(
    home_ar,
):
    assert set(HomePage.allowed_subpage_models()) == {
        AwarenessIndexPage,
        StandardPage,
        CatalogPage,
    }
    assert AwarenessIndexPage.can_create_at(home_ar)
    assert StandardPage.can_create_at(home_ar)
    assert not AwarenessArticlePage.can_create_at(home_ar)


def test_a_home_page_only_sits_at_the_root():
    assert HomePage.allowed_parent_page_models() == [Page]


def test_the_awareness_section_is_unique_per_home_and_holds_only_articles(home_ar):
    index = factories.awareness_index(home_ar)
    assert AwarenessIndexPage.allowed_subpage_models() == [AwarenessArticlePage]
    assert AwarenessArticlePage.can_create_at(index)
    assert not StandardPage.can_create_at(index)
    assert not AwarenessIndexPage.can_create_at(home_ar)  # one per home page


def test_articles_and_standard_pages_have_no_children(home_ar):
    article = factories.awareness_article(factories.awareness_index(home_ar))
    page = factories.standard_page(home_ar)
    assert AwarenessArticlePage.allowed_subpage_models() == []
    assert StandardPage.allowed_subpage_models() == []
    assert not AwarenessArticlePage.can_create_at(article)
    assert not StandardPage.can_create_at(page)


def test_articles_cannot_be_created_outside_the_awareness_section(home_ar):
    page = factories.standard_page(home_ar)
    assert AwarenessArticlePage.allowed_parent_page_models() == [AwarenessIndexPage]
    assert not AwarenessArticlePage.can_create_at(page)


@pytest.mark.parametrize(
    "model", [HomePage, AwarenessIndexPage, AwarenessArticlePage, StandardPage]
)
def test_every_page_type_indexes_its_title_and_introduction(model):
    indexed = {field.field_name for field in model.search_fields}
    assert {"title", "intro", "locale"} <= indexed


def test_the_meta_description_prefers_the_editors_search_description(home_ar):
    page = factories.standard_page(home_ar, intro="Une introduction.", search_description="")
    assert page.meta_description == "Une introduction."
    page.search_description = "Pour les moteurs de recherche."
    assert page.meta_description == "Pour les moteurs de recherche."


def test_the_meta_description_is_cut_to_a_search_result_length(home_ar):
    page = factories.standard_page(home_ar, intro="mot " * 100)
    assert len(page.meta_description) <= 160
