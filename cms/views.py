"""Public views of the site pages: search, sitemap, robots.txt."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.generic import TemplateView
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from .forms import SearchForm
from .search_shortcuts import shortcuts_for
from .selectors import page_search
from .sitemaps import LocalisedSitemap

SEARCH_RESULTS_PER_PAGE = 10


def search(request):
    """Pages of the current language matching ``q``; an empty or invalid query lists nothing."""
    form = SearchForm(request.GET or None)
    results = None
    query = ""
    shortcuts = []
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        paginator = Paginator(page_search(query=query), SEARCH_RESULTS_PER_PAGE)
        results = paginator.get_page(request.GET.get("page"))
        shortcuts = shortcuts_for(query)
    return render(
        request,
        "cms/search.html",
        {
            "form": form,
            "results": results,
            "shortcuts": shortcuts,
            "query": query,
            "pagination_query": urlencode({"q": query}),
        },
    )


def sitemap(request):
    """Every live public page of every language, from the default site's home pages."""
    return wagtail_sitemap(request, sitemaps={"pages": LocalisedSitemap})


robots_txt = TemplateView.as_view(template_name="cms/robots.txt", content_type="text/plain")
