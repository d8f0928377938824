"""Site pages built the way an editor would: added to the tree, then published."""

import itertools

from wagtail.models import Locale

from cms.models import AwarenessArticlePage, AwarenessIndexPage, HomePage, StandardPage

_numbers = itertools.count(1)


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def arabic_home() -> HomePage:
    """The Arabic home page the data migration creates."""
    return HomePage.objects.get(locale__language_code="ar")


def translate(page, language_code: str, **fields):
    """Publish ``page``'s translation, linked to it, with ``fields`` changed."""
    locale = Locale.objects.get_or_create(language_code=language_code)[0]
    if page.has_translation(locale):
        return page.get_translation(locale).specific
    translation = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


def awareness_index(parent, **fields) -> AwarenessIndexPage:
    n = next(_numbers)
    fields = {"title": f"Sensibilisation {n}", "slug": f"awareness-{n}", **fields}
    return _publish(parent, AwarenessIndexPage(**fields))


def awareness_article(parent, **fields) -> AwarenessArticlePage:
    n = next(_numbers)
    fields = {
        "title": f"Article {n}",
        "slug": f"article-{n}",
        "topic": AwarenessArticlePage.Topic.PARTICIPATORY_DEMOCRACY,
        "intro": f"Introduction {n}",
        "body": [("paragraph", f"<p>Texte {n}</p>")],
        **fields,
    }
    return _publish(parent, AwarenessArticlePage(**fields))


def standard_page(parent, **fields) -> StandardPage:
    n = next(_numbers)
    fields = {"title": f"Page {n}", "slug": f"page-{n}", **fields}
    return _publish(parent, StandardPage(**fields))
