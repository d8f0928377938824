"""Reading the public course catalogue: the filter form and the selector behind it."""

from __future__ import annotations

from django import forms
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from organisations.models import Region

from .models import CoursePage

COURSES_PER_PAGE = 12


class CatalogFilterForm(forms.Form):
    """The catalogue's filters, all optional. A bad value (a stale link, a hand-edited URL)
    drops that filter instead of failing the page."""

    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("All themes")), *CoursePage.Theme.choices]
    )
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("All formats")), *CoursePage.Format.choices],
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        required=False,
        queryset=Region.objects.all(),
        empty_label=_("All regions"),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All languages")), *CoursePage.Language.choices],
    )

    def cleaned_filters(self) -> dict:
        """The filters that passed validation; an unbound or invalid form filters nothing."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def querystring(self) -> str:
        """The valid filters as a query string, for pagination links."""
        return urlencode(
            {
                name: value.pk if isinstance(value, Region) else value
                for name, value in self.cleaned_filters().items()
            }
        )


def catalog_courses(
    *, locale, theme=None, format=None, region=None, language=None, page=None
) -> PaginatorPage:
    """One page (12 courses) of the live, public courses in ``locale`` (a Locale or its id),
    newest first.

    Related rows the catalogue shows are joined or prefetched, so the number of queries does
    not grow with the number of courses.
    """
    courses = (
        CoursePage.objects.live()
        .public()
        .filter(locale=locale)
        .select_related("association", "region", "cover_image")
        .prefetch_related("cover_image__renditions")
        .order_by("-first_published_at", "path")
    )
    if theme:
        courses = courses.filter(theme=theme)
    if format:
        courses = courses.filter(format=format)
    if region:
        courses = courses.filter(region=region)
    if language:
        courses = courses.filter(language_taught=language)
    return Paginator(courses, COURSES_PER_PAGE).get_page(page)
