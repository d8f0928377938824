"""200 courses (at scale 1) as real Wagtail pages, two lessons each, every other one also in
French, each with a completion rule (all lessons), spread over the trainer associations."""

from __future__ import annotations

import logging
from decimal import Decimal

from wagtail.models import Locale

from certificates.models import CompletionRule
from courses.authoring import association_authoring_setup
from courses.models import CoursePage, CourseSectionPage, LessonPage
from grants.models import Agreement, Programme

SLUG = "l-course-{:03d}"
THEMES = {
    Programme.Field.PARTICIPATORY_DEMOCRACY: [CoursePage.Theme.PARTICIPATION],
    Programme.Field.DIGITALIZATION: [
        CoursePage.Theme.CYBERSECURITY,
        CoursePage.Theme.COMMUNICATION,
        CoursePage.Theme.CONTENT,
    ],
}
TITLES = {
    CoursePage.Theme.PARTICIPATION: ("آليات الديمقراطية التشاركية", "Mécanismes de participation"),
    CoursePage.Theme.CYBERSECURITY: ("الأمن السيبراني للجمعيات", "Cybersécurité des associations"),
    CoursePage.Theme.COMMUNICATION: ("التواصل الرقمي للجمعيات", "Communication digitale"),
    CoursePage.Theme.CONTENT: ("تدبير المحتوى الرقمي", "Gestion du contenu numérique"),
}
LESSONS = [
    ("l-lesson-1", "المفاهيم الأساسية", "Les notions de base"),
    ("l-lesson-2", "تطبيقات عملية", "Mise en pratique"),
]
PARAGRAPH = (
    "<p>يقدم هذا الدرس أمثلة عملية من عمل الجمعيات المحلية، مع تمارين قصيرة ومراجع قانونية.</p>"
)


def _field(association, fields) -> str:
    """The programme field of the association's agreement (digitalization without one)."""
    return fields.get(association.pk) or Programme.Field.DIGITALIZATION


def _section(association, locale) -> CourseSectionPage | None:
    section = CourseSectionPage.objects.filter(association=association, locale=locale).first()
    if section is None:
        association_authoring_setup(organisation=association)
        section = CourseSectionPage.objects.filter(association=association, locale=locale).first()
    return section


def _publish(page):
    page.save_revision().publish()
    return page


def seed_courses(*, rng, counts, context) -> str:
    if CoursePage.objects.filter(slug=SLUG.format(1)).exists():
        return "already there, skipped"
    # Wagtail logs every page created, edited and published: 1,000 lines would bury progress.
    logger = logging.getLogger("wagtail")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        return _seed_courses(rng=rng, counts=counts, context=context)
    finally:
        logger.setLevel(level)


def _seed_courses(*, rng, counts, context) -> str:
    trainers = context["trainers"]
    arabic = Locale.objects.get(language_code="ar")
    french = Locale.objects.filter(language_code="fr").first()
    fields = dict(Agreement.objects.values_list("association_id", "programme__field"))
    created = translated = 0
    for number in range(1, counts.courses + 1):
        association = trainers[(number - 1) % len(trainers)]
        section = _section(association, arabic)
        if section is None:
            continue
        field = _field(association, fields)
        theme = rng.choice(THEMES[field])
        title_ar, title_fr = TITLES[theme]
        level = rng.choice(list(CoursePage.Level))
        course = CoursePage(
            slug=SLUG.format(number),
            title=f"{title_ar} ({number})",
            summary=f"دورة تكوينية لفائدة أعضاء الجمعيات: {title_ar}.",
            programme_field=field,
            theme=theme,
            audience="أعضاء مكاتب الجمعيات والمواطنون",
            level=level,
            format=rng.choice(list(CoursePage.Format)),
            duration_hours=Decimal(rng.choice(["6.0", "9.0", "12.0", "18.0"])),
            learning_objectives=[("objective", "فهم الإطار القانوني"), ("objective", "التطبيق")],
            language_taught=CoursePage.Language.ARABIC,
        )
        section.add_child(instance=course)
        _publish(course)
        for slug, lesson_ar, _lesson_fr in LESSONS:
            lesson = LessonPage(
                slug=slug,
                title=lesson_ar,
                body=[("heading", {"text": lesson_ar, "level": "h2"}), ("paragraph", PARAGRAPH)],
                estimated_minutes=rng.choice([15, 20, 30]),
            )
            course.add_child(instance=lesson)
            _publish(lesson)
        CompletionRule.objects.create(course=course, require_all_lessons=True)
        created += 1
        if french is not None and number % 2 == 0 and _section(association, french):
            translation = course.copy_for_translation(french)
            translation.title = translation.draft_title = f"{title_fr} ({number})"
            translation.summary = f"Formation pour les membres des associations : {title_fr}."
            translation.language_taught = CoursePage.Language.FRENCH
            translation.save()
            _publish(translation)
            translated += 1
    return f"{created} courses with {created * len(LESSONS)} lessons, {translated} in French"


def large_courses() -> list[CoursePage]:
    """The large data set's Arabic courses, in order, with their lessons' ids."""
    return list(
        CoursePage.objects.filter(slug__startswith="l-course-", locale__language_code="ar")
        .select_related("association", "completion_rule")
        .order_by("slug")
    )
