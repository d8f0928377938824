"""Authoring rights: each association writes in its own section only, officers approve."""

import pytest
from django.contrib.auth.models import Group
from wagtail.images import get_image_model
from wagtail.models import Collection, TaskState, WorkflowState
from wagtail.permissions import policy_registry

from courses import authoring
from courses.authoring import (
    association_authoring_setup,
    funder_reviewers_setup,
    sync_user_groups,
)
from courses.models import CourseSectionPage
from organisations import permissions
from organisations.models import Membership, Organisation
from organisations.services import membership_grant, organisation_create

from ..factories.courses import CatalogPageFactory, CoursePageFactory, french_catalog
from ..factories.organisations import MembershipFactory


@pytest.fixture
def catalog(db):
    return CatalogPageFactory()


@pytest.fixture
def sections(catalog, trainer_association, other_trainer_association):
    """Association A's and association B's sections, and the officers' workflow."""
    own = association_authoring_setup(organisation=trainer_association)[0]
    other = association_authoring_setup(organisation=other_trainer_association)[0]
    funder_reviewers_setup()
    return own, other


@pytest.fixture
def author(trainer, sections):
    sync_user_groups(user=trainer)
    return trainer


@pytest.fixture
def reviewer(officer, sections):
    sync_user_groups(user=officer)
    return officer


@pytest.fixture
def other_draft(sections):
    return CoursePageFactory(parent=sections[1], title="مسودة جمعية أخرى", live=False)


def submit(page, user):
    """What "Submit for moderation" does in the editor."""
    page.save_revision(user=user)
    return page.get_workflow().start(page, user)


class TestSetup:
    def test_association_gets_a_section_in_every_catalogue(self, catalog, trainer_association):
        french = french_catalog(catalog)
        arabic_section, french_section = association_authoring_setup(
            organisation=trainer_association
        )
        assert arabic_section.get_parent().pk == catalog.pk
        assert arabic_section.title == trainer_association.name_ar
        assert french_section.get_parent().pk == french.pk
        assert french_section.title == trainer_association.name_fr
        assert french_section.translation_key == arabic_section.translation_key
        assert arabic_section.live and french_section.live

    def test_setup_runs_twice_without_duplicating(self, catalog, trainer_association):
        association_authoring_setup(organisation=trainer_association)
        counts = (CourseSectionPage.objects.count(), Group.objects.count())
        collections = Collection.objects.count()
        association_authoring_setup(organisation=trainer_association)
        assert (CourseSectionPage.objects.count(), Group.objects.count()) == counts
        assert Collection.objects.count() == collections

    def test_setup_before_any_catalogue_fills_in_the_section_later(self, trainer_association):
        assert association_authoring_setup(organisation=trainer_association) == []
        CatalogPageFactory()
        (section,) = association_authoring_setup(organisation=trainer_association)
        assert section.association == trainer_association

    def test_only_trainer_associations_author(self, member_association):
        with pytest.raises(ValueError):
            association_authoring_setup(organisation=member_association)

    def test_creating_a_trainer_association_sets_up_its_authoring(self, catalog, funder):
        association = organisation_create(
            kind=Organisation.Kind.TRAINER,
            name_ar="جمعية جديدة",
            name_fr="Association nouvelle",
            registration_number="NEW-001",
            region=funder.region,
            province=funder.province,
        )
        assert CourseSectionPage.objects.filter(association=association).exists()
        editors, trainers = authoring.association_group_names(association)
        assert Group.objects.filter(name__in=[editors, trainers]).count() == 2

    def test_granting_a_role_puts_the_person_in_the_group(self, sections, trainer_association):
        user = MembershipFactory(organisation=trainer_association, role="editor").user
        assert not user.groups.exists()
        membership_grant(user=user, organisation=trainer_association, role="editor")
        editors, _trainers = authoring.association_group_names(trainer_association)
        assert list(user.groups.values_list("name", flat=True)) == [editors]


class TestSyncUserGroups:
    def test_roles_map_to_groups(self, sections, association_admin, trainer, officer):
        for user in (association_admin, trainer, officer):
            sync_user_groups(user=user)
        editors, trainers = authoring.association_group_names(
            association_admin.memberships.get().organisation
        )
        assert set(association_admin.groups.values_list("name", flat=True)) == {editors}
        assert set(trainer.groups.values_list("name", flat=True)) == {trainers}
        assert set(officer.groups.values_list("name", flat=True)) == {authoring.OFFICERS_GROUP}

    def test_a_lost_role_removes_the_group_but_keeps_other_groups(self, author):
        unrelated = Group.objects.create(name="Site editors")
        author.groups.add(unrelated)
        Membership.objects.filter(user=author).delete()
        sync_user_groups(user=author)
        assert list(author.groups.all()) == [unrelated]


class TestPagePermissions:
    def test_author_adds_and_edits_in_own_section_but_never_publishes(self, author, sections):
        own, _other = sections
        course = CoursePageFactory(parent=own, live=False)
        assert own.permissions_for_user(author).can_add_subpage()
        rights = course.permissions_for_user(author)
        assert rights.can_edit()
        assert not rights.can_publish()
        assert not own.permissions_for_user(author).can_publish_subpage()

    def test_author_has_no_rights_in_another_section(self, author, sections, other_draft):
        _own, other = sections
        assert not other.permissions_for_user(author).can_add_subpage()
        assert not other_draft.permissions_for_user(author).can_edit()
        assert not permissions.can_author_in(author, other)
        assert permissions.can_author_in(author, sections[0])

    def test_author_sees_only_their_association_collection(self, author, trainer_association):
        policy = policy_registry.get_by_type(get_image_model())
        collections = policy.collections_user_has_permission_for(author, "choose")
        assert [c.name for c in collections] == [
            f"{trainer_association.name_fr} ({trainer_association.registration_number})"
        ]

    def test_officer_chooses_media_from_every_association(self, reviewer, trainer_association):
        policy = policy_registry.get_by_type(get_image_model())
        names = {c.name for c in policy.collections_user_has_permission_for(reviewer, "choose")}
        assert trainer_association.registration_number in " ".join(names)


class TestAdminViews:
    def test_author_opens_the_editor_for_own_course(self, client, author, sections):
        course = CoursePageFactory(parent=sections[0], live=False)
        client.force_login(author)
        response = client.get(f"/admin/pages/{course.pk}/edit/")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'name="action-submit"' in html
        assert 'name="action-publish"' not in html
        add_url = f"/admin/pages/add/courses/coursepage/{sections[0].pk}/"
        assert client.get(add_url).status_code == 200

    def test_author_cannot_open_or_preview_another_association_draft(
        self, client, author, sections, other_draft
    ):
        client.force_login(author)
        for url in (
            f"/admin/pages/{other_draft.pk}/edit/",
            f"/admin/pages/{other_draft.pk}/edit/preview/",
            f"/admin/pages/add/courses/coursepage/{sections[1].pk}/",
        ):
            response = client.get(url)
            assert response.status_code in (302, 403), url
            assert other_draft.title not in response.content.decode()

    def test_another_section_lists_nothing_for_the_author(
        self, client, author, sections, other_draft
    ):
        client.force_login(author)
        response = client.get(f"/admin/pages/{sections[1].pk}/")
        assert other_draft.title not in response.content.decode()


class TestModeration:
    def test_submission_goes_to_the_officers_who_approve_and_publish(
        self, author, reviewer, sections
    ):
        course = CoursePageFactory(parent=sections[0], live=False)
        state = submit(course, author)
        assert state.workflow.name == authoring.WORKFLOW_NAME
        task_state = course.current_workflow_task_state
        assert not task_state.task.specific.get_actions(course, author)
        assert TaskState.objects.reviewable_by(reviewer).filter(pk=task_state.pk).exists()
        task_state.task.specific.on_action(task_state, reviewer, "approve", comment="")
        course.refresh_from_db()
        assert course.live
        assert WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_APPROVED

    def test_officer_requests_changes_through_the_admin(self, client, author, reviewer, sections):
        course = CoursePageFactory(parent=sections[0], live=False)
        state = submit(course, author)
        task_state = course.current_workflow_task_state
        client.force_login(reviewer)
        response = client.post(
            f"/admin/pages/workflow/action/{course.pk}/reject/{task_state.pk}/",
            {"comment": "أضيفوا أمثلة من جماعات قروية."},
        )
        assert response.status_code == 302
        state.refresh_from_db()
        course.refresh_from_db()
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        assert not course.live
        assert TaskState.objects.get(pk=task_state.pk).comment.startswith("أضيفوا")

    def test_officer_dashboard_lists_pages_awaiting_review(
        self, client, author, reviewer, sections
    ):
        course = CoursePageFactory(parent=sections[0], title="دورة تنتظر المراجعة", live=False)
        submit(course, author)
        client.force_login(reviewer)
        response = client.get("/admin/")
        assert response.status_code == 200
        assert "دورة تنتظر المراجعة" in response.content.decode()

    def test_officer_can_publish_anywhere_in_the_catalogue(self, reviewer, other_draft):
        assert other_draft.permissions_for_user(reviewer).can_publish()


class TestAdminHooks:
    def test_link_chooser_hides_another_association_drafts(
        self, client, author, sections, other_draft
    ):
        own_draft = CoursePageFactory(parent=sections[0], title="مسودتي", live=False)
        published = CoursePageFactory(parent=sections[1], title="دورة منشورة")
        client.force_login(author)
        own = client.get(f"/admin/choose-page/{sections[0].pk}/").json()["html"]
        other = client.get(f"/admin/choose-page/{sections[1].pk}/").json()["html"]
        assert own_draft.title in own
        assert published.title in other
        assert other_draft.title not in other

    def test_a_course_cannot_move_to_another_association(self, client, reviewer, sections):
        course = CoursePageFactory(parent=sections[0])
        client.force_login(reviewer)
        response = client.post(f"/admin/pages/{course.pk}/move/{sections[1].pk}/confirm/")
        assert response.status_code == 302
        course.refresh_from_db()
        assert course.get_parent().pk == sections[0].pk
