"""The Wagtail admin's page views, choosers and reports, scoped to the user's association.

Wagtail's page permissions keep another association's drafts out of the editor, but several
admin screens still showed them: the explorer's header for any page id (ids are sequential),
the chooser's header when browsing into a draft, the workflow screens' "not awaiting
moderation" message (with the title), the page-types report's "last edited page", and every
filter that lists people (owner and edited by in the explorer, page-type and forms listings,
site history's user). Here each is subclassed and
put in Wagtail's place the way Wagtail offers it:

- page views through a ``PageViewSet`` registered for ``Page`` (``register_admin_viewset``,
  courses/wagtail_hooks.py), which Wagtail's page URLs dispatch to;
- the chooser's browse view, two reports and the forms listing, which Wagtail routes itself,
  through
  ``courses/admin_urls.py``, included before Wagtail's admin URLs in ``lms/urls.py``.

What each user may see is said in ``courses.authoring`` (``sees_every_section``,
``is_outside_own_sections``, ``pages_hidden_from``, ``people_visible_to``).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.admin.auth import permission_denied
from wagtail.admin.views import chooser
from wagtail.admin.views.pages.listing import ExplorableIndexView, GenericPageFilterSet
from wagtail.admin.views.pages.usage import ContentTypeUseView
from wagtail.admin.views.pages.workflow import (
    CollectWorkflowActionDataView,
    ConfirmWorkflowCancellationView,
    PreviewRevisionForTaskView,
    WorkflowActionView,
)
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.contrib.forms.views import FormPageFilterSet, FormPagesListView
from wagtail.models import Page

from . import authoring

# --- Filters that name people ------------------------------------------------------------------


class PeopleScopedFilterSetMixin:
    """The filters in ``people_filters`` offer only the people the user may see named
    (``authoring.people_visible_to``); a filter left with nobody is dropped, as Wagtail
    drops an empty one. A hand-made query naming someone else is an invalid choice."""

    people_filters: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is None:
            return
        visible = authoring.people_visible_to(self.request.user)
        for name in self.people_filters:
            people_filter = self.filters.get(name)
            if people_filter is None:
                continue
            people = people_filter.get_queryset(self.request)
            if people is None:
                people = people_filter.extra["queryset"]
            people = people.filter(pk__in=visible.values("pk"))
            if not people.exists():
                del self.filters[name]
                continue
            people_filter.queryset = people
            people_filter.extra["queryset"] = people


class ScopedPageFilterSet(PeopleScopedFilterSetMixin, GenericPageFilterSet):
    people_filters = ("owner", "edited_by")


class ScopedFormPageFilterSet(PeopleScopedFilterSetMixin, FormPageFilterSet):
    people_filters = ("owner", "edited_by")


class ScopedSiteHistoryFilterSet(PeopleScopedFilterSetMixin, SiteHistoryReportFilterSet):
    people_filters = ("user",)


# --- Page views --------------------------------------------------------------------------------


class ScopedExplorableIndexView(ExplorableIndexView):
    """``/admin/pages/<id>/``: another association's section, or anything below it, is "not
    found" (Wagtail renders any page under the user's explorable root, and with a section in
    each catalogue that root is the tree's root)."""

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None:
            page = get_object_or_404(Page, id=parent_page_id)
            if authoring.is_outside_own_sections(request.user, page):
                raise Http404
        return super().get(request, parent_page_id)


class ScopedContentTypeUseView(ContentTypeUseView):
    """Pages of one type: Wagtail already lists the explorable ones; the filters are scoped
    through the viewset's filterset."""


class OwnSectionsOnlyMixin:
    """Workflow screens of a page: Wagtail says "'<title>' is not awaiting moderation" before
    it checks who asks; outside one's own sections the page is simply not found."""

    def dispatch(self, request, *args, **kwargs):
        if authoring.is_outside_own_sections(request.user, self.object):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ScopedWorkflowActionView(OwnSectionsOnlyMixin, WorkflowActionView):
    pass


class ScopedCollectWorkflowActionDataView(OwnSectionsOnlyMixin, CollectWorkflowActionDataView):
    pass


class ScopedConfirmWorkflowCancellationView(OwnSectionsOnlyMixin, ConfirmWorkflowCancellationView):
    pass


class ScopedPreviewRevisionForTaskView(OwnSectionsOnlyMixin, PreviewRevisionForTaskView):
    pass


class AssociationPageViewSet(PageViewSet):
    """Wagtail's page views with the scoped ones above; registered for ``Page``, so every
    page type uses it (no page type of the project registers its own)."""

    filterset_class = ScopedPageFilterSet
    index_view_class = ScopedExplorableIndexView
    content_type_use_view_class = ScopedContentTypeUseView
    workflow_action_view_class = ScopedWorkflowActionView
    collect_workflow_action_data_view_class = ScopedCollectWorkflowActionDataView
    confirm_workflow_cancellation_view_class = ScopedConfirmWorkflowCancellationView
    workflow_preview_view_class = ScopedPreviewRevisionForTaskView


# --- Chooser and reports (routed by courses/admin_urls.py) ------------------------------------


class ScopedBrowseView(chooser.BrowseView):
    """The page chooser browsing into a page: another association's draft is not found (its
    children are already hidden by the ``construct_page_chooser_queryset`` hook; its title
    was still the chooser's header)."""

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None:
            page = get_object_or_404(Page, id=parent_page_id)
            if authoring.is_hidden_from(request.user, page):
                raise Http404
        return super().get(request, parent_page_id)


class ScopedLogEntriesView(LogEntriesView):
    """Site history: Wagtail lists only the entries the user may see, but its "User" filter
    offered everyone who ever edited a page."""

    filterset_class = ScopedSiteHistoryFilterSet


class ScopedFormPagesListView(FormPagesListView):
    """Forms (wagtail.contrib.forms): its owner and edited-by filters, scoped."""

    filterset_class = ScopedFormPageFilterSet


class ScopedPageTypesUsageReportView(PageTypesUsageReportView):
    """Page types usage names the last edited page of each type, whoever's it is: a
    platform report, for officers and the platform admin."""

    def dispatch(self, request, *args, **kwargs):
        if not authoring.sees_every_section(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)
