"""What the site header needs on every page: the sections of the current language's site and
the links a person's roles open. At most two small queries, none for anonymous visitors
beyond the section lookup, which is kept with the page cache when it is on."""

from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language


def _sections(request) -> dict[str, str]:
    from lms.pagecache import cached_fragment

    language = (get_language() or "ar").split("-")[0]
    # Kept with the page cache, which publishing and page moves empty.
    return cached_fragment(
        f"nav-sections:{language}", lambda: _find_sections(request, language), request=request
    )


def _find_sections(request, language: str) -> dict[str, str]:
    from wagtail.models import Page

    from cms.models import AwarenessIndexPage
    from courses.models import CatalogPage

    urls = {}
    pages = (
        Page.objects.live()
        .type(AwarenessIndexPage, CatalogPage)
        .filter(locale__language_code=language)
        .select_related("content_type")
    )
    for page in pages:
        key = "awareness" if page.content_type.model == "awarenessindexpage" else "catalog"
        urls.setdefault(key, page.get_url(request))
    return urls


def _roles(user) -> dict[str, bool]:
    if not user.is_authenticated:
        return {}
    rows = list(user.memberships.values_list("organisation_id", "organisation__kind", "role"))
    coordinated = [org for org, kind, role in rows if (kind, role) == ("member", "admin")]
    return {
        "trainer_staff": any(kind == "trainer" for _, kind, _ in rows),
        "funder_staff": any(kind == "funder" for _, kind, _ in rows),
        "coordinated_organisation": coordinated[0] if coordinated else None,
    }


def navigation(request):
    return {
        "nav_sections": SimpleLazyObject(lambda: _sections(request)),
        "nav_roles": SimpleLazyObject(lambda: _roles(request.user)),
    }
