"""Demo site pages: the Arabic tree (home, awareness section, standard pages) and its French
translation, built with Wagtail's own API so revisions, translations and the search index are
exactly what an editor's work would produce. Idempotent: a page that exists is left alone."""

from wagtail.models import Locale, Page

from cms.models import AwarenessArticlePage, AwarenessIndexPage, HomePage, StandardPage

from .content import load, stream

# The home page's title, intro, key figures and featured links, per language (the Arabic home
# itself comes with the migrations).
HOME = load("cms/home")
AWARENESS_INDEX = load("cms/awareness-index")
# In the order they appear in the awareness section.
ARTICLES = [
    *load("cms/articles/democracy"),
    *load("cms/articles/territorial"),
    *load("cms/articles/digital"),
]
# No privacy page here: the privacy notice is /<lang>/privacy/ (accounts), built from the
# deployment's settings (controller, CNDP declaration, retention periods) so it is always true.
STANDARD_PAGES = load("cms/standard-pages")


def _publish(page):
    page.save_revision().publish()
    return page


def _child(parent, model, slug, fields):
    """The child of ``parent`` with ``slug``, created and published if it does not exist."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    return _publish(page)


def _translation(page, locale, fields):
    """``page``'s translation into ``locale``, linked to it by Wagtail's translation key."""
    if page.has_translation(locale):
        return page.get_translation(locale).specific
    translation = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    return _publish(translation)


def _article_fields(content):
    return {
        "title": content["title"],
        "intro": content["intro"],
        "body": stream(content["body"]),
        "sources": stream(content["sources"]),
    }


def _page_fields(content):
    return {
        "title": content["title"],
        "intro": content["intro"],
        "body": stream(content["body"] + content.get("extra", [])),
    }


def _dress_home(home, language):
    """Key figures and featured links on a home page that has none yet."""
    if home.body or home.featured:
        return
    links = []
    for link in HOME[language]["featured"]:
        target = Page.objects.descendant_of(home).filter(slug=link["slug"]).first()
        if target:
            links.append(("link", {"page": target, "title": link["title"], "text": link["text"]}))
    home.body = stream(HOME[language]["body"])
    home.featured = links
    _publish(home)


def seed(*, rng, context, log):
    home = HomePage.objects.get(locale__language_code="ar")
    french = Locale.objects.get_or_create(language_code="fr")[0]
    home_fr = _translation(home, french, {key: HOME["fr"][key] for key in ("title", "intro")})

    index = _child(home, AwarenessIndexPage, AWARENESS_INDEX["slug"], AWARENESS_INDEX["ar"])
    _translation(index, french, AWARENESS_INDEX["fr"])
    for article in ARTICLES:
        page = _child(
            index,
            AwarenessArticlePage,
            article["slug"],
            {"topic": article["topic"], **_article_fields(article["ar"])},
        )
        _translation(page, french, _article_fields(article["fr"]))
    for content in STANDARD_PAGES:
        page = _child(home, StandardPage, content["slug"], _page_fields(content["ar"]))
        _translation(page, french, _page_fields(content["fr"]))

    _dress_home(HomePage.objects.get(pk=home.pk), "ar")
    _dress_home(HomePage.objects.get(pk=home_fr.pk), "fr")
    context["home_pages"] = {
        page.locale.language_code: page for page in HomePage.objects.select_related("locale")
    }
    site_pages = Page.objects.live().filter(content_type__app_label="cms").count()
    log(f"Site pages: {site_pages} live.")
