"""The catalogue's page tree, the course facts' invariants and the public pages."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cms.models import HomePage
from courses.authoring import association_authoring_setup
from courses.models import CatalogPage, CoursePage, CourseSectionPage, LessonPage

from ..factories.courses import CatalogPageFactory, CoursePageFactory, LessonPageFactory


@pytest.fixture
def catalog(db):
    return CatalogPageFactory()


@pytest.fixture
def section(catalog, trainer_association):
    return association_authoring_setup(organisation=trainer_association)[0]


@pytest.fixture
def course(section):
    return CoursePageFactory(parent=section, title="حماية المعطيات الشخصية")


class TestPageTree:
    def test_catalog_goes_under_a_home_page_once(self, db):
        home = HomePage.objects.get(locale__language_code="ar")
        assert CatalogPage.can_create_at(home)
        CatalogPageFactory(parent=home)
        assert not CatalogPage.can_create_at(home)

    def test_each_level_only_accepts_the_next(self, course):
        section = course.get_parent().specific
        catalog = section.get_parent().specific
        assert CatalogPage.allowed_subpage_models() == [CourseSectionPage]
        assert not CoursePage.can_create_at(catalog)
        assert CoursePage.can_create_at(section)
        assert not LessonPage.can_create_at(section)
        assert LessonPage.can_create_at(course)
        assert LessonPage in CoursePage.allowed_subpage_models()
        assert LessonPage.allowed_subpage_models() == []
        assert not CourseSectionPage.can_create_at(catalog.get_parent())

    def test_course_takes_its_association_from_its_section(self, course, trainer_association):
        assert course.association == trainer_association

    def test_a_second_section_for_the_same_association_is_refused(
        self, section, trainer_association
    ):
        twin = CourseSectionPage(
            title="نسخة", slug="twin", association=trainer_association, locale=section.locale
        )
        with pytest.raises(ValidationError):
            section.get_parent().add_child(instance=twin)

    def test_sections_belong_to_trainer_associations_only(self, catalog, member_association):
        section = CourseSectionPage(title="x", slug="x", association=member_association)
        with pytest.raises(ValidationError):
            catalog.add_child(instance=section)

    @pytest.mark.parametrize("hours", [Decimal("0"), Decimal("-2")])
    def test_duration_must_be_positive(self, course, hours):
        course.duration_hours = hours
        with pytest.raises(ValidationError) as error:
            course.full_clean()
        assert "duration_hours" in error.value.message_dict

    def test_theme_must_belong_to_the_programme_field(self, course):
        course.programme_field = "democracy"
        course.theme = CoursePage.Theme.CYBERSECURITY
        with pytest.raises(ValidationError) as error:
            course.full_clean()
        assert "theme" in error.value.message_dict

    def test_sections_are_made_by_the_authoring_setup_not_by_hand(self, catalog):
        assert not CourseSectionPage.can_create_at(catalog)


class TestPublicPages:
    def test_course_page_shows_its_facts_and_lessons_in_order(self, client, course):
        LessonPageFactory(parent=course, title="الدرس الأول")
        LessonPageFactory(parent=course, title="الدرس الثاني")
        LessonPageFactory(parent=course, title="مسودة", live=False)
        response = client.get(course.url)
        assert response.status_code == 200
        html = response.content.decode()
        assert course.title in html
        assert html.index("الدرس الأول") < html.index("الدرس الثاني")
        assert "مسودة" not in html
        assert "css/courses.css" in html

    def test_lesson_page_shows_its_body_and_links_to_the_next(self, client, course):
        first = LessonPageFactory(parent=course, title="الدرس الأول")
        second = LessonPageFactory(parent=course, title="الدرس الثاني")
        response = client.get(first.url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "حماية حسابات الجمعية" in html
        assert second.url in html

    def test_section_page_lists_the_association_courses(self, client, course):
        response = client.get(course.get_parent().url)
        assert response.status_code == 200
        assert course.title in response.content.decode()
