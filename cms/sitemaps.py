"""The sitemap: Wagtail's own lists the default site's tree only, which is the Arabic one;
the French home page is a translation beside it, so every translation of the root is walked."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class LocalisedSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        under_a_root = Q()
        for home in root.get_translations(inclusive=True):
            under_a_root |= Q(path__startswith=home.path)
        return (
            Page.objects.live()
            .public()
            .filter(under_a_root)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
