from decimal import Decimal

import factory
from wagtail.models import Locale

from cms.models import HomePage
from courses.models import CatalogPage, CoursePage, LessonPage


class PageFactory(factory.Factory):
    """Builds a page and adds it under ``parent``; published unless ``live=False`` (then it is
    a draft with one revision, as the admin leaves it)."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"صفحة {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")

    @classmethod
    def _create(cls, model_class, *args, parent, live=True, **kwargs):
        page = parent.add_child(instance=model_class(live=live, **kwargs))
        revision = page.save_revision()
        if live:
            revision.publish()
            page.refresh_from_db()
        return page


class CatalogPageFactory(PageFactory):
    class Meta:
        model = CatalogPage

    title = "الدورات التكوينية"
    slug = "courses"
    parent = factory.LazyFunction(lambda: HomePage.objects.get(locale__language_code="ar"))


class CoursePageFactory(PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"دورة {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    summary = "دورة تكوينية قصيرة لأعضاء الجمعيات."
    programme_field = "digital"
    theme = CoursePage.Theme.CYBERSECURITY
    audience = "أعضاء مكاتب الجمعيات"
    level = CoursePage.Level.BEGINNER
    format = CoursePage.Format.ONLINE
    duration_hours = Decimal("3.0")
    language_taught = CoursePage.Language.ARABIC


class LessonPageFactory(PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"درس {n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    estimated_minutes = 20
    body = factory.LazyFunction(
        lambda: [("paragraph", "<p>محتوى الدرس: خطوات عملية لحماية حسابات الجمعية.</p>")]
    )


def french_catalog(catalog: CatalogPage) -> CatalogPage:
    """The catalogue's French translation, with the French home page it needs."""
    french = Locale.objects.get_or_create(language_code="fr")[0]
    home = catalog.get_parent().specific
    if not home.has_translation(french):
        home.copy_for_translation(french).save_revision().publish()
    translation = catalog.copy_for_translation(french)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation
