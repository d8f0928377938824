"""The learning pages cost a fixed number of queries, whatever the amount of data: the
catalogue, a course and a lesson for an anonymous visitor (page cache off), the session list,
and a learner's My learning."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.services import enrollment_create, lesson_complete, registration_create
from organisations.models import Organisation

from ..factories.accounts import UserFactory
from ..factories.courses import french_catalog
from ..factories.learning import TrainingSessionFactory, catalog, course_with_lessons
from ..factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGE_BUDGET = 15  # an uncached public page (issue #9)
MY_LEARNING_BUDGET = 17  # 15, the calendar feed link (issue #15), the unread notifications (header)


def count_queries(client, url: str) -> int:
    client.get(url)  # warm the per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _more_courses(count: int, *, lessons: int = 2) -> list:
    """Courses of new trainer associations, each with lessons and an upcoming session."""
    courses = []
    for _n in range(count):
        association = OrganisationFactory(kind=Organisation.Kind.TRAINER)
        course, _lessons = course_with_lessons(association=association, lessons=lessons)
        TrainingSessionFactory(association=association, course=course)
        courses.append(course)
    return courses


@pytest.fixture
def course():
    return _more_courses(1, lessons=3)[0]


def test_the_catalogue_costs_the_same_with_more_courses(
    client, course, django_assert_max_num_queries
):
    url = catalog().url
    small = count_queries(client, url)
    _more_courses(13)  # more than a page (12)
    with django_assert_max_num_queries(PUBLIC_PAGE_BUDGET):
        assert client.get(url).status_code == 200
    assert count_queries(client, url) == small
    assert count_queries(client, url + "?theme=cybersecurity&page=2") <= PUBLIC_PAGE_BUDGET


def test_the_french_catalogue_is_within_budget(client, course, django_assert_max_num_queries):
    url = french_catalog(catalog()).url
    count_queries(client, url)
    with django_assert_max_num_queries(PUBLIC_PAGE_BUDGET):
        assert client.get(url).status_code == 200


def test_a_course_and_its_lesson_cost_the_same_with_more_lessons(
    client, course, django_assert_max_num_queries
):
    from ..factories.courses import LessonPageFactory

    lesson = course.get_children().live().first()
    urls = [course.url, lesson.url, course.get_parent().url]
    small = [count_queries(client, url) for url in urls]
    for _n in range(6):
        LessonPageFactory(parent=course)
    _more_courses(3)
    for url, before in zip(urls, small, strict=True):
        with django_assert_max_num_queries(PUBLIC_PAGE_BUDGET):
            assert client.get(url).status_code == 200
        assert count_queries(client, url) == before, url


def test_the_session_list_costs_the_same_with_more_sessions(
    client, course, django_assert_max_num_queries
):
    url = reverse("courses:session_list")
    small = count_queries(client, url)
    _more_courses(5)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    assert count_queries(client, url) == small


def _learn(learner, courses):
    for course in courses:
        enrollment = enrollment_create(learner=learner, course=course, by=learner)
        lesson_complete(enrollment=enrollment, lesson=course.lessons().first())
        session = course.sessions.first()
        registration_create(session=session, learner=learner, by=learner)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_my_learning_costs_the_same_with_more_courses_and_learners(
    client, learner, course, language, django_assert_max_num_queries
):
    url = f"/{language}/my-learning/"
    _learn(learner, [course])
    client.force_login(learner)
    small = count_queries(client, url)
    courses = _more_courses(5)
    _learn(learner, courses)
    for _n in range(5):  # other learners' records are not read
        _learn(UserFactory(), courses)
    with django_assert_max_num_queries(MY_LEARNING_BUDGET):
        response = client.get(url)
    assert all(c.title in response.content.decode() for c in courses)
    assert count_queries(client, url) == small
