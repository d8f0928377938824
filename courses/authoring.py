"""Who may author and who approves course pages, expressed as Wagtail groups, page and collection
permissions and a moderation workflow. Every function is idempotent: run it again after adding
a catalogue in a new language, and it fills in what is missing."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from organisations import permissions
from organisations.models import Membership, Organisation

from .models import CatalogPage, CourseSectionPage

OFFICERS_GROUP = "Programme officers"
WORKFLOW_NAME = "Programme officer approval"
TASK_NAME = "Programme officer review"

# Authors draft and submit for moderation; only officers publish (through the workflow).
AUTHOR_PAGE_PERMISSIONS = ("add", "change")
OFFICER_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
# No "delete": an association cannot remove media that published courses may still show.
COLLECTION_PERMISSIONS = {
    "wagtailimages": ("add_image", "choose_image", "change_image"),
    "wagtaildocs": ("add_document", "choose_document", "change_document"),
}

EDITOR_ROLES = {Membership.Role.ADMIN, Membership.Role.EDITOR}
TRAINER_ROLES = {Membership.Role.TRAINER}


def association_group_names(organisation: Organisation) -> tuple[str, str]:
    """The editors' and the trainers' group names; the registration number keeps them unique
    and stable when the association renames itself."""
    number = organisation.registration_number
    return f"{number} editors", f"{number} trainers"


def _access_admin() -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def _group(name: str) -> Group:
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(_access_admin())
    return group


def _grant_page_permissions(group: Group, page, permission_types) -> None:
    for permission_type in permission_types:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
        )
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _association_collection(organisation: Organisation, editors: Group) -> Collection:
    # Found through the editors' permission rather than by name: a renamed collection stays
    # the association's.
    existing = GroupCollectionPermission.objects.filter(group=editors).select_related("collection")
    if granted := existing.first():
        return granted.collection
    name = f"{organisation.name_fr} ({organisation.registration_number})"
    return Collection.get_first_root_node().add_child(name=name)


def _catalogues() -> list[CatalogPage]:
    """Every catalogue, the default language's first: other languages translate its pages."""
    default_locale = Locale.get_default()
    return sorted(CatalogPage.objects.all(), key=lambda page: page.locale_id != default_locale.pk)


def _section_title(organisation: Organisation, locale: Locale) -> str:
    return organisation.name_ar if locale.language_code == "ar" else organisation.name_fr


def _section_create(organisation: Organisation, catalogue, *, translation_of=None):
    slug = slugify(organisation.name_fr) or slugify(organisation.registration_number)
    if catalogue.get_children().filter(slug=slug).exists():
        slug = f"{slug}-{slugify(organisation.registration_number)}"
    now = timezone.now()
    section = CourseSectionPage(
        title=_section_title(organisation, catalogue.locale),
        slug=slug,
        association=organisation,
        locale=catalogue.locale,
        # Live at once and without a revision: an empty section has nothing to review, and
        # publishing each through a revision made setting up 97 associations four times slower.
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
    )
    if translation_of is not None:
        # Shared key: Wagtail treats the two as translations (language switcher, admin).
        section.translation_key = translation_of.translation_key
    section = catalogue.add_child(instance=section)
    log(instance=section, action="wagtail.create")
    return section


def _sections(organisation: Organisation) -> list[CourseSectionPage]:
    """The association's section under each catalogue, created where it is missing."""
    sections = []
    source = None
    for catalogue in _catalogues():
        section = CourseSectionPage.objects.child_of(catalogue).filter(association=organisation)
        section = section.first()
        if section is None:
            translates_source = source is not None and (
                source.get_parent().translation_key == catalogue.translation_key
            )
            section = _section_create(
                organisation, catalogue, translation_of=source if translates_source else None
            )
        source = source or section
        sections.append(section)
    return sections


@transaction.atomic
def association_authoring_setup(*, organisation: Organisation) -> list[CourseSectionPage]:
    """Give a trainer association its section in every catalogue, its editors' and trainers'
    groups with add/change (never publish) rights on that section alone, and a media collection
    of its own. Returns the sections."""
    if organisation.kind != Organisation.Kind.TRAINER:
        raise ValueError("Only trainer associations author courses.")
    groups = [_group(name) for name in association_group_names(organisation)]
    sections = _sections(organisation)
    for group in groups:
        for section in sections:
            _grant_page_permissions(group, section, AUTHOR_PAGE_PERMISSIONS)
    collection = _association_collection(organisation, groups[0])
    for group in groups:
        for app_label, codenames in COLLECTION_PERMISSIONS.items():
            for codename in codenames:
                permission = Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=permission
                )
    return sections


@transaction.atomic
def funder_reviewers_setup() -> Workflow:
    """The programme officers' group, with publish rights on every catalogue, and the approval
    workflow every catalogue's pages go through when an association submits them."""
    officers = _group(OFFICERS_GROUP)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(officers)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # Reviewers fix a page in place now and then: they may choose any association's media
    # (permissions on the root collection cover every collection under it).
    root = Collection.get_first_root_node()
    for app_label, codename in (
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "choose_document"),
    ):
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(
            group=officers, collection=root, permission=permission
        )
    for catalogue in CatalogPage.objects.all():
        _grant_page_permissions(officers, catalogue, OFFICER_PAGE_PERMISSIONS)
        WorkflowPage.objects.update_or_create(page=catalogue, defaults={"workflow": workflow})
    return workflow


def _wanted_group_names(user) -> set[str]:
    wanted = set()
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    for membership in memberships:
        organisation = membership.organisation
        if organisation.kind == Organisation.Kind.TRAINER:
            editors, trainers = association_group_names(organisation)
            if membership.role in EDITOR_ROLES:
                wanted.add(editors)
            if membership.role in TRAINER_ROLES:
                wanted.add(trainers)
        elif (
            organisation.kind == Organisation.Kind.FUNDER
            and membership.role == Membership.Role.OFFICER
        ):
            wanted.add(OFFICERS_GROUP)
    return wanted


def _managed_groups():
    """The groups this module owns; other groups (set by the platform admin) are left alone."""
    names = {OFFICERS_GROUP}
    numbers = Organisation.objects.filter(kind=Organisation.Kind.TRAINER).values_list(
        "registration_number", flat=True
    )
    for number in numbers:
        names.update((f"{number} editors", f"{number} trainers"))
    return Group.objects.filter(name__in=names)


@transaction.atomic
def sync_user_groups(*, user) -> None:
    """Put ``user`` in exactly the authoring groups their memberships imply."""
    wanted = _wanted_group_names(user)
    managed = _managed_groups()
    user.groups.remove(*managed.exclude(name__in=wanted))
    user.groups.add(*managed.filter(name__in=wanted))


# --- Receivers of organisations' signals (connected in CoursesConfig.ready()) -----------------


def organisation_created_receiver(sender, *, organisation: Organisation, **kwargs) -> None:
    """A new trainer association gets its sections and groups at once (``organisation_create``
    sends this inside its transaction)."""
    if organisation.kind == Organisation.Kind.TRAINER:
        association_authoring_setup(organisation=organisation)


def membership_granted_receiver(sender, *, user, **kwargs) -> None:
    sync_user_groups(user=user)


# --- What the admin shows each author ---------------------------------------------------------
# Wagtail's page permissions say who may change what; they do not stop the admin's listings,
# filters and reports from naming another association's drafts and people. These say what each
# user may see there (courses/wagtail_hooks.py and courses/admin_views.py apply them).


def sees_every_section(user) -> bool:
    """Programme officers review every association's courses and the platform admin runs the
    site; everyone else in the admin sees their own association's section only."""
    return user.is_superuser or permissions.is_funder_staff(user, Membership.Role.OFFICER)


def other_sections(user):
    """The course sections of associations ``user`` is not a member of."""
    return CourseSectionPage.objects.exclude(association__memberships__user=user)


def _under(sections) -> Exists:
    """True for a page strictly below one of ``sections`` (a page's path starts with its
    ancestors' paths, ``steplen`` characters a level)."""
    return Exists(
        sections.filter(
            depth__lt=OuterRef("depth"),
            path=Substr(OuterRef("path"), 1, F("depth") * Page.steplen),
        )
    )


def pages_hidden_from(user):
    """The unpublished pages inside other associations' sections (drafts, their lessons):
    nothing of them may reach ``user`` in a listing, chooser or report. ``None`` when the
    user sees every section."""
    if sees_every_section(user):
        return None
    return Page.objects.filter(live=False).filter(_under(other_sections(user)))


def is_outside_own_sections(user, page) -> bool:
    """``page`` is another association's section or lies below one: nothing there for
    ``user`` to explore, moderate or preview in the admin."""
    if sees_every_section(user):
        return False
    ancestors = [page.path[: depth * Page.steplen] for depth in range(1, page.depth + 1)]
    return other_sections(user).filter(path__in=ancestors).exists()


def is_hidden_from(user, page) -> bool:
    hidden = pages_hidden_from(user)
    return hidden is not None and hidden.filter(pk=page.pk).exists()


def people_visible_to(user):
    """The people ``user`` may see named in the admin's filters: everyone for officers and the
    platform admin, otherwise the members of their own organisations (and themselves)."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.all()
    if sees_every_section(user):
        return people
    own = Membership.objects.filter(user=user).values("organisation_id")
    return people.filter(Q(pk=user.pk) | Q(memberships__organisation_id__in=own)).distinct()
