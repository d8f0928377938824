"""The Wagtail admin scoped like the rest (issue #15, item 4): trainer B of association B sees
nothing of association A's drafts, titles or people in any admin page, chooser, filter or
report, and the chooser's search answers every role.

The world has a catalogue in each language, as a real deployment does: an association's
sections then sit under two catalogues, so Wagtail's "explorable root" of every author is the
tree's root and Wagtail itself no longer keeps them out of other sections."""

import pytest
from django.test import Client
from wagtail.log_actions import log

from courses.authoring import association_authoring_setup, funder_reviewers_setup, sync_user_groups
from organisations.models import Membership

from ..factories.accounts import UserFactory
from ..factories.courses import (
    CatalogPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    french_catalog,
)
from ..factories.organisations import MembershipFactory, member_of

DRAFT_TITLE = "Brouillon confidentiel de A"
LESSON_TITLE = "Leçon cachée de A"
# Association A's author: none of these may reach trainer B.
A_NAMES = ("Zineb Secretauthor", "زينب السرية", "zineb@a.example")


@pytest.fixture
def world(trainer_association, other_trainer_association, officer):
    french_catalog(CatalogPageFactory())
    section_a = association_authoring_setup(organisation=trainer_association)[0]
    section_b = association_authoring_setup(organisation=other_trainer_association)[0]
    funder_reviewers_setup()
    author_a = UserFactory(full_name_latin=A_NAMES[0], full_name_ar=A_NAMES[1], email=A_NAMES[2])
    MembershipFactory(user=author_a, organisation=trainer_association, role="editor")
    trainer_b = member_of(other_trainer_association, Membership.Role.TRAINER)
    colleague_b = UserFactory(full_name_latin="Karim Collegue", full_name_ar="كريم الزميل")
    MembershipFactory(user=colleague_b, organisation=other_trainer_association, role="editor")
    superuser = UserFactory(is_superuser=True, is_staff=True)
    for user in (author_a, trainer_b, colleague_b, officer):
        sync_user_groups(user=user)
    draft = CoursePageFactory(parent=section_a, title=DRAFT_TITLE, live=False, owner=author_a)
    draft.save_revision(user=author_a)
    log(instance=draft, action="wagtail.edit", user=author_a)
    lesson = LessonPageFactory(parent=draft, title=LESSON_TITLE, live=False, owner=author_a)
    live_a = CoursePageFactory(parent=section_a, title="Cours publié de A", owner=author_a)
    own_b = CoursePageFactory(
        parent=section_b, title="Brouillon de B", live=False, owner=colleague_b
    )
    log(instance=own_b, action="wagtail.edit", user=colleague_b)
    return {
        "draft": draft,
        "lesson": lesson,
        "live_a": live_a,
        "own_b": own_b,
        "section_a": section_a,
        "section_b": section_b,
        "author_a": author_a,
        "trainer_b": trainer_b,
        "colleague_b": colleague_b,
        "officer": officer,
        "superuser": superuser,
    }


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def not_found(response) -> bool:
    """A 404; on a language-less admin path Django's LocaleMiddleware turns Wagtail's 404 into
    a redirect to the same path under a language prefix (tests/lms/test_url_matrix.outcome)."""
    if response.status_code in (301, 302):
        asked = response.request["PATH_INFO"]
        return response["Location"].split("?")[0][3:] == asked
    return response.status_code == 404


def text(response) -> str:
    """The page's HTML; the chooser answers JSON with its HTML inside."""
    if response.get("Content-Type", "").startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


def leaks(response) -> list[str]:
    body = text(response)
    return [text for text in (DRAFT_TITLE, LESSON_TITLE, *A_NAMES) if text in body]


class TestChooser:
    @pytest.mark.parametrize("role", ["author_a", "trainer_b", "officer", "superuser"])
    def test_the_chooser_search_answers_every_role(self, world, role):
        response = client_for(world[role]).get("/admin/choose-page/search/", {"q": "Brouillon"})
        assert response.status_code == 200
        found = DRAFT_TITLE in text(response)
        assert found is (role != "trainer_b")

    def test_the_chooser_search_still_finds_another_association_live_course(self, world):
        response = client_for(world["trainer_b"]).get("/admin/choose-page/search/", {"q": "publié"})
        assert response.status_code == 200
        assert "Cours publié de A" in text(response)
        assert not leaks(response)

    def test_browsing_into_another_association_draft_is_not_found(self, world):
        b = client_for(world["trainer_b"])
        for page in ("draft", "lesson"):
            assert not_found(b.get(f"/admin/choose-page/{world[page].pk}/"))
        # Its live section stays browsable (a link to a published course), without the draft.
        response = b.get(f"/admin/choose-page/{world['section_a'].pk}/")
        assert response.status_code == 200
        assert "Cours publié de A" in text(response)
        assert not leaks(response)

    def test_the_author_and_the_officer_browse_into_the_draft(self, world):
        for role in ("author_a", "officer"):
            response = client_for(world[role]).get(f"/admin/choose-page/{world['draft'].pk}/")
            assert response.status_code == 200
            assert LESSON_TITLE in text(response)


class TestExplorer:
    def test_another_association_draft_is_not_found(self, world):
        b = client_for(world["trainer_b"])
        for page in ("draft", "lesson", "section_a", "live_a"):
            for suffix in ("", "results/"):
                response = b.get(f"/admin/pages/{world[page].pk}/{suffix}")
                assert not_found(response), (page, suffix)
                assert not leaks(response)

    def test_the_author_and_the_officer_explore_the_draft(self, world):
        for role in ("author_a", "officer", "superuser"):
            response = client_for(world[role]).get(f"/admin/pages/{world['draft'].pk}/")
            assert response.status_code == 200
            body = response.content.decode()
            assert DRAFT_TITLE in body and LESSON_TITLE in body

    def test_filters_name_only_people_of_one_own_association(self, world):
        b = client_for(world["trainer_b"])
        for url in (
            "/admin/pages/",
            f"/admin/pages/{world['section_b'].pk}/",
            "/admin/pages/usage/courses/coursepage/",
        ):
            response = b.get(url)
            assert response.status_code == 200, url
            assert not leaks(response), url
            assert "Karim Collegue" in response.content.decode(), url

    def test_the_officer_filters_by_anyone(self, world):
        response = client_for(world["officer"]).get("/admin/pages/")
        assert A_NAMES[0] in response.content.decode()

    def test_a_hand_made_filter_on_another_association_author_finds_nothing(self, world):
        b = client_for(world["trainer_b"])
        response = b.get(f"/admin/pages/{world['section_b'].pk}/", {"owner": world["author_a"].pk})
        assert response.status_code == 200
        assert not leaks(response)
        assert "Brouillon de B" in response.content.decode()  # an invalid filter filters nothing

    def test_a_search_of_the_whole_tree_shows_no_draft_of_another_association(self, world):
        b = client_for(world["trainer_b"])
        response = b.get(
            f"/admin/pages/{world['section_b'].pk}/", {"q": "Brouillon", "search_all": "1"}
        )
        assert response.status_code == 200
        assert "Brouillon de B" in response.content.decode()
        assert not leaks(response)


class TestReports:
    def test_site_history_filters_name_only_one_own_association(self, world):
        response = client_for(world["trainer_b"]).get("/admin/reports/site-history/")
        assert response.status_code == 200
        assert not leaks(response)
        assert "Karim Collegue" in response.content.decode()

    def test_the_officer_site_history_names_everyone(self, world):
        response = client_for(world["officer"]).get("/admin/reports/site-history/")
        assert A_NAMES[0] in response.content.decode()

    def test_page_types_usage_is_for_officers_and_the_platform_admin(self, world):
        b = client_for(world["trainer_b"])
        for suffix in ("", "results/"):
            response = b.get(f"/admin/reports/page-types-usage/{suffix}")
            assert response.status_code == 302 and response["Location"] == "/admin/"
        assert not leaks(b.get("/admin/", follow=True))
        response = client_for(world["officer"]).get("/admin/reports/page-types-usage/")
        assert response.status_code == 200
        assert "last-edited-page" in response.content.decode()

    def test_page_types_usage_is_not_in_trainer_b_reports_menu(self, world):
        body = client_for(world["trainer_b"]).get("/admin/").content.decode()
        assert "/admin/reports/page-types-usage/" not in body
        body = client_for(world["officer"]).get("/admin/").content.decode()
        assert "/admin/reports/page-types-usage/" in body


class TestWorkflowScreens:
    @pytest.mark.parametrize(
        "path",
        [
            "workflow/action/{pk}/approve/1/",
            "workflow/collect_action_data/{pk}/approve/1/",
            "workflow/confirm_cancellation/{pk}/",
            "workflow/preview/{pk}/1/",
        ],
    )
    def test_another_association_draft_title_is_never_in_a_message(self, world, path):
        b = client_for(world["trainer_b"])
        response = b.get("/admin/pages/" + path.format(pk=world["draft"].pk))
        assert not_found(response)
        assert not leaks(response)
        assert not leaks(b.get("/admin/"))  # no message left for the next page either
