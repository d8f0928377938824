"""Admin rules that Wagtail's page permissions alone do not express."""

from django.contrib import messages
from django.db.models import Q
from django.db.models.functions import Substr
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page

from lms import permissions
from organisations.models import Membership

from .models import CoursePage, CourseSectionPage


@hooks.register("construct_page_chooser_queryset")
def hide_other_associations_drafts(pages, request):
    """The link chooser lists the whole tree; an association's unpublished work must not show
    up there for another association (the explorer and search already hide it)."""
    user = request.user
    if user.is_superuser or permissions.is_funder_staff(user, Membership.Role.OFFICER):
        return pages
    own_sections = CourseSectionPage.objects.filter(association__memberships__user=user)
    for depth in CourseSectionPage.objects.values_list("depth", flat=True).distinct():
        # A page's path starts with its ancestors' paths: this prefix names its section.
        prefix = f"section_path_{depth}"
        pages = pages.annotate(**{prefix: Substr("path", 1, depth * Page.steplen)}).exclude(
            Q(live=False, depth__gt=depth)
            & Q(**{f"{prefix}__in": CourseSectionPage.objects.filter(depth=depth).values("path")})
            & ~Q(**{f"{prefix}__in": own_sections.values("path")})
        )
    return pages


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
