"""Site pages: one home page per language, the awareness section and standard pages.

The tree rules (``parent_page_types``/``subpage_types``) are what keep editors from building
it wrong; the only code here is presentation helpers."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BaseStreamBlock, FeaturedLinkBlock, SourcesBlock
from .selectors import awareness_articles, awareness_latest, awareness_related

META_DESCRIPTION_LENGTH = 160


class SitePage(Page):
    """Shared presentation helpers; abstract, so it adds no table."""

    intro = models.TextField(_("introduction"), blank=True)

    class Meta:
        abstract = True

    @property
    def meta_description(self) -> str:
        """The editor's search description (promote tab), else the start of the introduction."""
        text = self.search_description or self.intro or ""
        return Truncator(" ".join(text.split())).chars(META_DESCRIPTION_LENGTH)


class HomePage(SitePage):
    """The root of one language's site."""

    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))
    featured = StreamField(
        [("link", FeaturedLinkBlock())],
        blank=True,
        max_num=6,
        verbose_name=_("featured links"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("featured"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.AwarenessIndexPage", "cms.StandardPage", "courses.CatalogPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = awareness_latest(home=self, limit=3)
        return context

    def route(self, request, path_components):
        """Find the page at this address, and its ancestors for breadcrumbs, in one query (two
        with its specific type) instead of Wagtail's two per level of the tree, so a lesson
        costs no more to find than an article. No page type here overrides ``route``; an
        address that names no page falls back to Wagtail's walk, which also answers 404."""
        levels = len(path_components)
        if levels:
            prefixes = [
                self.url_path + "".join(f"{slug}/" for slug in path_components[:n])
                for n in range(1, levels + 1)
            ]
            chain = list(
                Page.objects.filter(
                    depth__gt=self.depth,
                    depth__lte=self.depth + levels,
                    path__range=(self.path, self.path + "Z" * (self.steplen * levels)),
                    url_path__in=prefixes,
                ).order_by("depth")
            )
            if [page.url_path for page in chain] == prefixes:
                parent = self
                for page in chain:
                    page._cached_parent_obj = parent
                    parent = page
                page = chain[-1].specific
                page._cached_parent_obj = chain[-1]._cached_parent_obj
                return page.route(request, [])
        return super().route(request, path_components)


class AwarenessIndexPage(SitePage):
    """The awareness section of one language: lists its articles, newest first."""

    per_page = 9

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.AwarenessArticlePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("awareness section")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        topic = request.GET.get("topic", "")
        if topic not in AwarenessArticlePage.Topic.values:
            topic = ""
        paginator = Paginator(awareness_articles(index=self, topic=topic or None), self.per_page)
        context["articles"] = paginator.get_page(request.GET.get("page"))
        context["topic"] = topic
        context["pagination_query"] = urlencode({"topic": topic}) if topic else ""
        context["topics"] = AwarenessArticlePage.Topic.choices
        return context


class AwarenessArticlePage(SitePage):
    """An article for citizens, with its sources as structured legal references."""

    class Topic(models.TextChoices):
        PARTICIPATORY_DEMOCRACY = "democracy", _("Participatory democracy")
        PERSONAL_DATA = "personal_data", _("Personal data")
        DIGITAL_SAFETY = "digital_safety", _("Digital safety")

    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"))
    sources = StreamField(SourcesBlock(), blank=True, verbose_name=_("sources"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("topic"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("sources"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro", boost=1.5),
        index.SearchField("body"),
        index.SearchField("sources"),
        index.FilterField("topic"),
    ]
    parent_page_types = ["cms.AwarenessIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("awareness article")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related"] = awareness_related(article=self, limit=3)
        return context


class StandardPage(SitePage):
    """A plain page: about, privacy notice, legal notice."""

    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("standard page")
