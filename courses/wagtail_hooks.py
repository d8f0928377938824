"""Admin rules that Wagtail's page permissions alone do not express."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import authoring
from .admin_views import AssociationPageViewSet
from .models import CoursePage, CourseSectionPage


@hooks.register("construct_page_chooser_queryset")
def hide_other_associations_drafts(pages, request):
    """The link chooser lists the whole tree; an association's unpublished work must not show
    up there for another association (the explorer and search already hide it). One
    ``pk__in`` subquery, which the search backend accepts as a filter: the chooser's search
    runs on this queryset too."""
    hidden = authoring.pages_hidden_from(request.user)
    if hidden is None:
        return pages
    return pages.exclude(pk__in=hidden.values("pk"))


@hooks.register("register_admin_viewset")
def register_association_page_viewset():
    """Wagtail's page views, scoped to the user's association (courses.admin_views); it
    replaces Wagtail's base page viewset, registered before it (``order=-1``)."""
    return AssociationPageViewSet()


@hooks.register("construct_reports_menu")
def hide_platform_reports(request, menu_items):
    """Page types usage is for officers and the platform admin (its view refuses others)."""
    if not authoring.sees_every_section(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]


@hooks.register("before_move_page")
def keep_courses_in_their_association(request, page, destination):
    """A course belongs to the association that wrote it: moving it to another association's
    section would hand it over (its ``association`` would no longer match its section)."""
    if not isinstance(page.specific, CoursePage):
        return None
    target = destination.specific
    if (
        isinstance(target, CourseSectionPage)
        and target.association_id == page.specific.association_id
    ):
        return None
    messages.error(request, _("A course can only move within its own association's section."))
    return redirect("wagtailadmin_explore", page.get_parent().pk)


# --- Media: editing is not deleting -----------------------------------------------------------


class MediaPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail counts "delete" as "change" for images and documents, so an association that
    edits its collection could delete an image a published course still shows. Here deleting
    needs the model's own delete permission in the collection, which no association group
    holds (courses.authoring.COLLECTION_PERMISSIONS); the platform admin still deletes."""

    def _may_delete(self, user, collection=None) -> bool:
        return self._check_perm(user, ["delete"], collection=collection)

    def user_has_permission(self, user, action):
        if action == "delete":
            return self._may_delete(user)
        return super().user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = set(actions)
        if "delete" in actions:
            actions.discard("delete")
            if self._may_delete(user, instance.collection):
                return True
        return bool(actions) and super().user_has_any_permission_for_instance(
            user, actions, instance
        )

    def instances_user_has_any_permission_for(self, user, actions):
        actions = set(actions)
        if "delete" not in actions or (user.is_active and user.is_superuser):
            return super().instances_user_has_any_permission_for(user, actions)
        actions.discard("delete")
        manager = self.model._default_manager
        deletable = manager.filter(collection__in=self._collections_with_perm(user, ["delete"]))
        if not actions:
            return deletable
        others = super().instances_user_has_any_permission_for(user, actions)
        return manager.filter(Q(pk__in=deletable.values("pk")) | Q(pk__in=others.values("pk")))


register_permission_policy(
    get_image_model(),
    MediaPermissionPolicy(
        get_image_model(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
    ),
    exact_class=True,  # as wagtail.images registers its own: this one replaces it
)
register_permission_policy(
    get_document_model(),
    MediaPermissionPolicy(
        get_document_model(),
        auth_model="wagtaildocs.Document",
        owner_field_name="uploaded_by_user",
    ),
    exact_class=True,
)
