"""The anonymous page cache (lms/pagecache.py): what it stores, for whom, and what empties it."""

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.contrib import messages
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import path

from lms import pagecache
from tests.factories import cms as factories
from tests.factories.learning import TrainingSessionFactory, course_with_lessons
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    caches["pages"].clear()
    pagecache.forget_local()
    yield
    caches["pages"].clear()
    pagecache.forget_local()


@pytest.fixture
def home_ar(db):
    return factories.arabic_home()


@pytest.fixture
def home_fr(home_ar):
    return factories.translate(home_ar, "fr", title="Tamkeen")


@pytest.fixture
def article(home_ar):
    index = factories.awareness_index(home_ar)
    return factories.awareness_article(index, title="حقوقك الرقمية")


def _get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


def test_the_second_visit_is_a_hit_and_costs_no_query(client, article, django_assert_num_queries):
    first = _get(client, article.url)
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = _get(client, article.url)
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # The headers the rest of the stack adds come back with the page.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Content-Language"] == "ar"


def test_a_head_request_is_answered_from_the_stored_page(client, article):
    body = _get(client, article.url).content
    response = client.head(article.url)
    assert response["X-Cache"] == "hit"
    assert response.content == b""
    assert response["Content-Length"] == str(len(body))


def test_a_public_page_carries_no_csrf_token_and_sets_no_cookie(client, article):
    response = _get(client, article.url)
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies
    # The language switcher is made of links on a Wagtail page.
    assert 'class="language-switcher__link"' in response.content.decode()


def test_a_signed_in_person_never_reads_nor_fills_the_cache(client, article, learner):
    _get(client, article.url)  # stored for anonymous visitors
    client.force_login(learner)
    response = _get(client, article.url)
    assert response["X-Cache"] == "bypass"
    assert "/accounts/logout/" in response.content.decode()

    caches["pages"].clear()
    pagecache.forget_local()
    _get(client, article.url)  # signed in: must not be stored
    client.logout()
    client.cookies.clear()
    anonymous = _get(client, article.url)
    assert anonymous["X-Cache"] == "miss"
    assert "/accounts/logout/" not in anonymous.content.decode()


def test_a_stored_page_never_shows_another_visitors_learning(client, learner, trainer_association):
    from courses.services.enrollment import enrollment_create

    learner.full_name_latin = "Salma Bennani"
    learner.save()
    course, _lessons = course_with_lessons(association=trainer_association)
    enrollment_create(learner=learner, course=course, by=learner)
    client.force_login(learner)
    mine = _get(client, course.url).content.decode()
    assert "/withdraw/" in mine or "progress" in mine
    client.logout()
    client.cookies.clear()
    for _visit in range(2):
        html = _get(client, course.url).content.decode()
        assert "Salma Bennani" not in html
        assert learner.email not in html
        assert "<progress" not in html
        assert "/accounts/login/?next=" in html


def test_publishing_empties_the_cache(client, article):
    _get(client, article.url)
    assert _get(client, article.url)["X-Cache"] == "hit"
    article.title = "عنوان جديد"
    article.save_revision().publish()
    response = _get(client, article.url)
    assert response["X-Cache"] == "miss"
    assert "عنوان جديد" in response.content.decode()


def test_a_committed_demo_seeding_empties_the_cache(client, article):
    from demo.signals import data_seeded

    _get(client, article.url)
    assert _get(client, article.url)["X-Cache"] == "hit"
    data_seeded.send(sender=None)
    pagecache.forget_local()  # the next request looks the generation up again
    assert _get(client, article.url)["X-Cache"] == "miss"


def test_a_saved_draft_keeps_the_cache(client, article):
    _get(client, article.url)
    article.title = "مسودة"
    article.save_revision()
    response = _get(client, article.url)
    assert response["X-Cache"] == "hit"
    assert "مسودة" not in response.content.decode()


def test_unpublishing_empties_the_cache(client, article, home_ar):
    _get(client, home_ar.url)
    article.unpublish()
    assert client.get(article.url).status_code == 404
    assert _get(client, home_ar.url)["X-Cache"] == "miss"


def test_deleting_and_moving_a_page_empty_the_cache(client, article, home_ar):
    other_index = factories.awareness_index(home_ar)
    _get(client, home_ar.url)
    assert _get(client, home_ar.url)["X-Cache"] == "hit"
    article.move(other_index, pos="last-child")
    assert _get(client, home_ar.url)["X-Cache"] == "miss"
    article.delete()
    assert _get(client, home_ar.url)["X-Cache"] == "miss"


def test_changes_to_what_public_pages_show_empty_the_cache(client, trainer_association):
    course, _lessons = course_with_lessons(association=trainer_association)
    for change in (
        lambda: TrainingSessionFactory(course=course, association=trainer_association),
        lambda: OrganisationFactory(name_ar="جمعية جديدة"),
        lambda: trainer_association.save(),
    ):
        _get(client, course.url)
        assert _get(client, course.url)["X-Cache"] == "hit"
        change()
        assert _get(client, course.url)["X-Cache"] == "miss"


def test_languages_and_query_strings_are_stored_apart(client, home_ar, home_fr):
    ar = _get(client, "/ar/")
    fr = _get(client, "/fr/")
    assert fr["X-Cache"] == "miss"
    assert '<html lang="fr"' in fr.content.decode()
    assert '<html lang="ar"' in _get(client, "/ar/").content.decode()
    assert _get(client, "/fr/")["X-Cache"] == "hit"
    assert _get(client, "/ar/?page=2")["X-Cache"] == "miss"
    assert _get(client, "/ar/?page=2")["X-Cache"] == "hit"
    assert ar["X-Cache"] == "miss"


def test_hosts_are_stored_apart(client, home_ar, settings):
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    _get(client, "/ar/", HTTP_HOST="a.example")
    assert _get(client, "/ar/", HTTP_HOST="b.example")["X-Cache"] == "miss"


def test_an_error_is_not_stored(client, home_ar):
    assert client.get("/ar/no-such-page/").status_code == 404
    response = client.get("/ar/no-such-page/")
    assert response.status_code == 404
    assert response["X-Cache"] == "bypass"


def test_a_page_with_a_csrf_token_is_not_stored(client, home_ar):
    # The login page is not a Wagtail page and holds a form: never stored, whatever else.
    client.get("/ar/accounts/login/")
    assert client.get("/ar/accounts/login/")["X-Cache"] == "bypass"


def test_a_visitor_with_a_message_waiting_sees_it_and_it_is_not_stored(client, home_ar):
    _get(client, "/ar/")  # stored, without a message
    client.cookies["messages"] = _message_cookie("رسالة لك وحدك")
    response = _get(client, "/ar/")
    assert response["X-Cache"] == "bypass"
    assert "رسالة لك وحدك" in response.content.decode()
    del client.cookies["messages"]
    assert "رسالة لك وحدك" not in _get(client, "/ar/").content.decode()


def _message_cookie(text: str) -> str:
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    storage = CookieStorage(RequestFactory().get("/"))
    response = HttpResponse()
    storage._store([Message(messages.INFO, text)], response)
    return response.cookies["messages"].value


def _private(request):
    response = HttpResponse("private")
    response["Cache-Control"] = "private"
    return response


def _cookie(request):
    response = HttpResponse("cookie")
    response.set_cookie("flavour", "mint")
    return response


def _csrf(request):
    from django.middleware.csrf import get_token

    return HttpResponse(f"<input name=csrfmiddlewaretoken value={get_token(request)}>")


def _message_shown_at_once(request):
    messages.info(request, "pour vous seul")
    return HttpResponse(" ".join(str(m) for m in messages.get_messages(request)))


urlpatterns = i18n_patterns(
    path("csrf/", pagecache.cacheable(_csrf)),
    path("message/", pagecache.cacheable(_message_shown_at_once)),
    path("private/", pagecache.cacheable(_private)),
    path("cookie/", pagecache.cacheable(_cookie)),
    path("plain/", pagecache.cacheable(lambda request: HttpResponse("plain"))),
    path("unmarked/", lambda request: HttpResponse("unmarked")),
    prefix_default_language=True,
)


@pytest.mark.urls("tests.lms.test_pagecache")
@pytest.mark.parametrize(
    ("url", "second"),
    [
        ("/ar/plain/", "hit"),
        ("/ar/private/", "bypass"),
        ("/ar/cookie/", "bypass"),
        ("/ar/unmarked/", "bypass"),
        ("/ar/csrf/", "bypass"),
        ("/ar/message/", "bypass"),
    ],
)
def test_only_marked_public_responses_are_stored(client, url, second):
    client.get(url)
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Cache"] == second


def test_post_is_never_answered_from_the_cache(client, home_ar):
    _get(client, "/ar/")
    assert client.post("/ar/").get("X-Cache") in (None, "bypass")


def test_a_zero_lifetime_turns_the_cache_off(client, home_ar, settings):
    settings.PAGE_CACHE_SECONDS = 0
    _get(client, "/ar/")
    assert "X-Cache" not in _get(client, "/ar/")


def test_the_navigation_kept_with_the_pages_follows_a_new_section(client, home_ar):
    assert _get(client, "/ar/")["X-Cache"] == "miss"
    index = factories.awareness_index(home_ar, slug="rights")
    html = _get(client, "/ar/").content.decode()
    assert f'href="{index.url}"' in html


def test_another_process_sees_a_publication_within_the_generation_check(client, article, settings):
    """A generation replaced by another process (here: straight in the shared cache) is
    picked up once the check interval has passed."""
    settings.PAGE_CACHE_GENERATION_CHECK = 0
    _get(client, article.url)
    assert _get(client, article.url)["X-Cache"] == "hit"
    caches["pages"].set(pagecache.GENERATION_KEY, "from-another-process", timeout=None)
    assert _get(client, article.url)["X-Cache"] == "miss"


def test_a_page_from_the_shared_cache_is_served_by_a_fresh_process(client, article):
    _get(client, article.url)
    pagecache.forget_local()  # as a newly started worker would be
    assert _get(client, article.url)["X-Cache"] == "hit"


def test_a_hit_expires_with_the_page_cache_lifetime(client, article, settings, monkeypatch):
    import time

    _get(client, article.url)
    later = time.monotonic() + 301
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: later)
    caches["pages"].clear()
    settings.PAGE_CACHE_GENERATION_CHECK = 10_000
    assert _get(client, article.url)["X-Cache"] == "miss"
