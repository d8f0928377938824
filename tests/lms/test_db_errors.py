"""A database that cannot be reached: a 503 "please try again" page with Retry-After, in the
visitor's language, and nothing half-saved."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse

from courses.models import SessionRegistration
from courses.services import registration_create
from lms.dberrors import RETRY_AFTER_SECONDS, is_database_unavailable

from ..factories.accounts import UserFactory
from ..factories.learning import TrainingSessionFactory

pytestmark = pytest.mark.django_db

Status = SessionRegistration.Status


@pytest.fixture
def browser():
    # The default test client re-raises the view's exception instead of returning the page.
    return Client(raise_request_exception=False)


def _assert_retry_page(response, language):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert "Service temporarily unavailable" in html or language != "en"


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_view_that_loses_the_database_answers_503_with_retry_after(browser, error):
    """The connection drops while a page is built (here the session lookup of any page)."""
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load",
        side_effect=error("server closed the connection unexpectedly"),
    ):
        browser.cookies["sessionid"] = "x" * 32
        response = browser.get("/en/verify/")
    _assert_retry_page(response, "en")


def test_the_page_is_in_the_language_of_the_url(browser):
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load",
        side_effect=OperationalError("terminating connection due to administrator command"),
    ):
        browser.cookies["sessionid"] = "x" * 32
        response = browser.get("/ar/verify/")
    _assert_retry_page(response, "ar")
    assert 'dir="rtl"' in response.content.decode()


def test_other_errors_stay_500(browser):
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load", side_effect=ValueError("bug")
    ):
        browser.cookies["sessionid"] = "x" * 32
        response = browser.get("/en/verify/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_a_wrapped_database_error_is_recognised():
    try:
        try:
            raise OperationalError("connection lost")
        except OperationalError as error:
            raise RuntimeError("rendering failed") from error
    except RuntimeError as wrapped:
        assert is_database_unavailable(wrapped)
    assert not is_database_unavailable(ValueError("no"))
    assert not is_database_unavailable(None)


def test_a_cancellation_cut_off_midway_saves_nothing(browser, trainer_association):
    """The connection is lost after the cancellation is written but before the first person
    on the waiting list is promoted: the service's transaction rolls back both, the learner
    gets the retry page, and the seat and the waiting list are as they were."""
    session = TrainingSessionFactory(association=trainer_association, capacity=1)
    first, second = UserFactory(), UserFactory()
    seat = registration_create(session=session, learner=first, by=first)
    waiting = registration_create(session=session, learner=second, by=second)
    browser.force_login(first)
    with mock.patch(
        "courses.services.registration._email",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        response = browser.post(reverse("courses:registration_cancel", args=[seat.pk]))
    _assert_retry_page(response, response.content.decode().split('lang="')[1][:2])
    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert seat.status == Status.CONFIRMED
    assert (waiting.status, waiting.position) == (Status.WAITLISTED, 1)
