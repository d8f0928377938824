"""Read queries for the site pages. They never write."""

from django.db.models import QuerySet
from wagtail.models import Locale, Page

SEARCH_QUERY_MAX_LENGTH = 200


def awareness_articles(*, index, topic: str | None = None) -> QuerySet:
    """Live articles of one awareness section, in that section's language, newest first."""
    from .models import AwarenessArticlePage

    articles = AwarenessArticlePage.objects.live().public().child_of(index)
    # Children share their parent's locale in Wagtail, but a page moved by hand could not:
    # the section only ever shows its own language.
    articles = articles.filter(locale_id=index.locale_id)
    if topic:
        articles = articles.filter(topic=topic)
    return articles.order_by("-first_published_at", "-pk")


def awareness_latest(*, home, limit: int) -> list:
    """The newest live articles under one home page, for its front page."""
    from .models import AwarenessArticlePage

    return list(
        AwarenessArticlePage.objects.live()
        .public()
        .descendant_of(home)
        .filter(locale_id=home.locale_id)
        .order_by("-first_published_at", "-pk")[:limit]
    )


def awareness_related(*, article, limit: int) -> list:
    """Other live articles on the same topic, in the same language."""
    from .models import AwarenessArticlePage

    return list(
        AwarenessArticlePage.objects.live()
        .public()
        .sibling_of(article, inclusive=False)
        .filter(topic=article.topic, locale_id=article.locale_id)
        .order_by("-first_published_at", "-pk")[:limit]
    )


def page_search(*, query: str, locale: Locale | None = None):
    """Live public pages of one language matching ``query`` (Wagtail's search backend): by
    default the language public pages are shown in to this reader (French under ``/en/``,
    which has no content of its own: cms.translations.content_language_for)."""
    if locale is None:
        from django.utils.translation import get_language

        from .translations import content_language_for  # it imports this module

        code = content_language_for((get_language() or "").split("-")[0])
        locale = Locale.objects.filter(language_code=code).first() or Locale.get_active()
    query = " ".join(query.split())[:SEARCH_QUERY_MAX_LENGTH]
    if not query:
        return Page.objects.none()
    return Page.objects.live().public().filter(locale=locale).specific().search(query)


def page_live_translations(*, page) -> list:
    """The live versions of a page in every content language, itself included."""
    return list(
        page.get_translations(inclusive=True)
        .live()
        .public()
        .select_related("locale")
        .order_by("locale__language_code")
    )
