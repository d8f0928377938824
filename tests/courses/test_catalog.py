"""The public catalogue: filters, bad input, language, pagination and query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.authoring import association_authoring_setup
from courses.catalog import COURSES_PER_PAGE, catalog_courses
from courses.models import CoursePage
from organisations.models import Region

from ..factories.courses import CatalogPageFactory, CoursePageFactory, french_catalog


@pytest.fixture
def catalog(db):
    return CatalogPageFactory()


@pytest.fixture
def section(catalog, trainer_association):
    return association_authoring_setup(organisation=trainer_association)[0]


@pytest.fixture
def courses(section):
    """Three courses that differ on every filter."""
    regions = list(Region.objects.order_by("code")[:2])
    return {
        "security": CoursePageFactory(
            parent=section,
            title="أمن المعلومات",
            theme=CoursePage.Theme.CYBERSECURITY,
            format=CoursePage.Format.ONLINE,
            language_taught=CoursePage.Language.ARABIC,
            region=regions[0],
        ),
        "marketing": CoursePageFactory(
            parent=section,
            title="التسويق الرقمي",
            theme=CoursePage.Theme.COMMUNICATION,
            format=CoursePage.Format.IN_PERSON,
            language_taught=CoursePage.Language.DARIJA,
            region=regions[1],
        ),
        "petitions": CoursePageFactory(
            parent=section,
            title="العرائض",
            programme_field="democracy",
            theme=CoursePage.Theme.PARTICIPATION,
            format=CoursePage.Format.BLENDED,
            language_taught=CoursePage.Language.ARABIC,
        ),
    }


def titles(page):
    return {course.title for course in page.object_list}


class TestSelector:
    @pytest.mark.parametrize(
        ("filters", "expected"),
        [
            ({}, {"أمن المعلومات", "التسويق الرقمي", "العرائض"}),
            ({"theme": CoursePage.Theme.COMMUNICATION}, {"التسويق الرقمي"}),
            ({"format": CoursePage.Format.BLENDED}, {"العرائض"}),
            ({"language": CoursePage.Language.ARABIC}, {"أمن المعلومات", "العرائض"}),
            (
                {"theme": CoursePage.Theme.CYBERSECURITY, "format": CoursePage.Format.IN_PERSON},
                set(),
            ),
        ],
    )
    def test_filters_combine(self, catalog, courses, filters, expected):
        assert titles(catalog_courses(locale=catalog.locale, **filters)) == expected

    def test_region_filter(self, catalog, courses):
        region = courses["marketing"].region
        assert titles(catalog_courses(locale=catalog.locale, region=region)) == {"التسويق الرقمي"}

    def test_drafts_and_other_languages_are_left_out(self, catalog, section, courses):
        CoursePageFactory(parent=section, title="مسودة", live=False)
        french = french_catalog(catalog)
        association_authoring_setup(organisation=section.association)
        translation = courses["security"].copy_for_translation(french.locale)
        translation.save_revision().publish()
        arabic = titles(catalog_courses(locale=catalog.locale))
        assert "مسودة" not in arabic
        assert len(arabic) == 3
        assert len(catalog_courses(locale=french.locale).object_list) == 1

    def test_twelve_courses_a_page(self, catalog, section):
        for _ in range(COURSES_PER_PAGE + 1):
            CoursePageFactory(parent=section)
        first = catalog_courses(locale=catalog.locale)
        assert len(first.object_list) == COURSES_PER_PAGE
        assert len(catalog_courses(locale=catalog.locale, page=2).object_list) == 1
        assert first.paginator.num_pages == 2


class TestCatalogPage:
    def test_filter_form_narrows_the_list(self, client, catalog, courses):
        response = client.get(catalog.url, {"theme": CoursePage.Theme.PARTICIPATION})
        assert response.status_code == 200
        html = response.content.decode()
        assert "العرائض" in html
        assert "أمن المعلومات" not in html
        assert '<label for="id_theme">' in html

    @pytest.mark.parametrize(
        "query",
        [
            {"theme": "astrology"},
            {"region": "not-a-number"},
            {"region": "999999"},
            {"format": ["online", "x"], "language": "klingon"},
            {"page": "abc"},
            {"page": "9999"},
        ],
    )
    def test_bad_filter_values_are_ignored(self, client, catalog, courses, query):
        response = client.get(catalog.url, query)
        assert response.status_code == 200
        assert "العرائض" in response.content.decode()

    def test_pagination_keeps_the_filters(self, client, catalog, section):
        for _ in range(COURSES_PER_PAGE + 2):
            CoursePageFactory(parent=section, format=CoursePage.Format.ONLINE)
        response = client.get(catalog.url, {"format": "online"})
        assert "format=online&amp;page=2" in response.content.decode()

    def test_query_count_does_not_grow_with_the_courses(
        self, client, catalog, section, django_assert_max_num_queries
    ):
        CoursePageFactory(parent=section)
        client.get(catalog.url)  # warm the per-process caches (site, locales)
        with CaptureQueriesContext(connection) as one_course:
            client.get(catalog.url)
        for _ in range(COURSES_PER_PAGE + 3):
            CoursePageFactory(parent=section)
        with django_assert_max_num_queries(len(one_course.captured_queries)):
            response = client.get(catalog.url)
        assert len(response.context["courses"].object_list) == COURSES_PER_PAGE
