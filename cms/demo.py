"""Demo site pages: the Arabic home page and its French translation."""

from wagtail.models import Locale, Page

from .models import HomePage

HOME = {
    "ar": (
        "تمكين",
        "منصة لتقوية قدرات الجمعيات في مجالي الديمقراطية التشاركية وولوج الجمعيات إلى الرقمنة.",
    ),
    "fr": (
        "Tamkeen",
        "La plateforme de renforcement des capacités des associations, en démocratie "
        "participative et en accès au numérique.",
    ),
}


def seed(*, rng, context, log):
    home = HomePage.objects.get(locale__language_code="ar")
    french = Locale.objects.get_or_create(language_code="fr")[0]
    if not home.has_translation(french):
        translation = home.copy_for_translation(french)
        translation.title, translation.intro = HOME["fr"]
        translation.save_revision().publish()
    context["home_pages"] = {
        page.locale.language_code: page for page in HomePage.objects.select_related("locale")
    }
    log(f"Site pages: {Page.objects.live().count()} live.")
