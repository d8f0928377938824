"""Demo course catalogue: the catalogue in Arabic and French, every trainer association's section
and groups, the officers' workflow, and one complete course per theme (lessons, a pre-test and a
post-test), approved through the workflow as an association's editor and a programme officer
would do it in the admin. Each course reads whole in both languages: the French course, lessons
and quizzes are Wagtail translations of the Arabic ones (same translation key)."""

import uuid
from decimal import Decimal

from django.test.utils import override_settings

from accounts.models import User
from courses.authoring import association_authoring_setup, funder_reviewers_setup, sync_user_groups
from courses.models import CatalogPage, CoursePage, CourseSectionPage, LessonPage, QuizPage
from organisations.models import Membership

from ..content import load
from ..organisations import staff_account

# The texts, as trainer associations would write them (content/courses/): the catalogue page,
# then one file per course, in the order the catalogue lists them. A lesson's body is a list of
# {"heading": text} and {"paragraph": html} items (the rich text lessons allow: bold, lists,
# links). A course's ``quiz`` holds its questions, asked the same in its pre-test and its
# post-test (``quizzes``) so that the difference of the two scores measures the course.
CATALOG = load("courses/catalogue")
COURSES = [
    load(f"courses/{slug}")
    for slug in (
        "proteger-comptes-donnees",
        "communication-numerique",
        "gestion-contenu-numerique",
        "petitions-motions",
    )
]

# The demo accounts belong to digitalization associations; the participatory-democracy course
# is written by the first democracy association, whose editor this step adds.
DEMOCRACY_EDITOR = ("editor.democratie@tamkeen.test", "ليلى بنجلون", "Leila Benjelloun")


def _body(items) -> list:
    return [
        ("heading", {"text": item["heading"], "level": "h2"})
        if "heading" in item
        else ("paragraph", item["paragraph"])
        for item in items
    ]


def _objectives(texts) -> list:
    return [("objective", text) for text in texts]


def _questions(spec, quiz_spec, language) -> list[dict]:
    """The quiz's questions in one language, as StreamField data. A question keeps the same
    block id in both languages (derived from the course, the quiz and its position), as a
    Wagtail translation copied from the Arabic quiz would."""
    prefix = f"tamkeen-demo/{spec['slug']}/{quiz_spec['slug']}"
    return [
        {
            "type": "question",
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{prefix}/{n}")),
            "value": {
                "text": question[language]["text"],
                "kind": question["kind"],
                "choices": [
                    {"text": text, "is_correct": index in question["correct"]}
                    for index, text in enumerate(question[language]["choices"])
                ],
                "explanation": question[language]["explanation"],
            },
        }
        for n, question in enumerate(spec["quiz"]["questions"], start=1)
    ]


def _approve(page, *, author, officer) -> None:
    """Submit the latest draft for moderation as ``author``; approve it as ``officer``, which
    publishes it, as the admin's buttons would."""
    page.save_revision(user=author)
    workflow = page.get_workflow()
    workflow.start(page, author)
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, officer, "approve", comment="")


def _catalogs(home_pages) -> dict[str, CatalogPage]:
    arabic = CatalogPage.objects.child_of(home_pages["ar"]).first()
    if arabic is None:
        arabic = home_pages["ar"].add_child(
            instance=CatalogPage(slug=CATALOG["slug"], **CATALOG["ar"])
        )
        arabic.save_revision().publish()
    catalogs = {"ar": arabic}
    french_home = home_pages.get("fr")
    if french_home is not None:
        french = CatalogPage.objects.child_of(french_home).first()
        if french is None:
            french = arabic.copy_for_translation(french_home.locale)
            french.title, french.intro = CATALOG["fr"]["title"], CATALOG["fr"]["intro"]
            french.save_revision().publish()
        catalogs["fr"] = french
    return catalogs


def _democracy_editor(*, context, organisation) -> User:
    email, name_ar, name_latin = DEMOCRACY_EDITOR
    return staff_account(
        context=context,
        email=email,
        name_ar=name_ar,
        name_latin=name_latin,
        organisation=organisation,
        role=Membership.Role.EDITOR,
        label="editor",
    )


def _course_fields(spec, language) -> dict:
    text = spec[language]
    return {
        "title": text["title"],
        "summary": text["summary"],
        "audience": text["audience"],
        "learning_objectives": _objectives(text["objectives"]),
        "prerequisites": text["prerequisites"],
    }


def _build_course(spec, *, section, author, officer) -> CoursePage:
    """The Arabic course and its lessons, submitted and approved."""
    course = section.add_child(
        instance=CoursePage(
            slug=spec["slug"],
            live=False,
            programme_field=spec["programme_field"],
            theme=spec["theme"],
            level=spec["level"],
            format=spec["format"],
            duration_hours=Decimal(spec["duration_hours"]),
            language_taught=CoursePage.Language.ARABIC,
            owner=author,
            **_course_fields(spec, "ar"),
        )
    )
    _approve(course, author=author, officer=officer)
    for lesson_spec in spec["lessons"]:
        lesson = course.add_child(
            instance=LessonPage(
                slug=lesson_spec["slug"],
                live=False,
                title=lesson_spec["ar"]["title"],
                body=_body(lesson_spec["ar"]["body"]),
                estimated_minutes=lesson_spec["minutes"],
                owner=author,
            )
        )
        _approve(lesson, author=author, officer=officer)
    _build_quizzes(spec, course, author=author, officer=officer)
    return course


def _build_quizzes(spec, course, *, author, officer) -> None:
    """The Arabic pre-test and post-test, after the lessons; one that exists (of that kind) is
    left alone."""
    for quiz_spec in spec["quizzes"]:
        if QuizPage.objects.child_of(course).filter(kind=quiz_spec["kind"]).exists():
            continue
        quiz = course.add_child(
            instance=QuizPage(
                slug=quiz_spec["slug"],
                live=False,
                kind=quiz_spec["kind"],
                pass_mark=spec["quiz"]["pass_mark"],
                owner=author,
                questions=_questions(spec, quiz_spec, "ar"),
                **quiz_spec["ar"],
            )
        )
        _approve(quiz, author=author, officer=officer)


def _translate_course(spec, course, *, locale, author, officer) -> None:
    """The French version: a Wagtail translation of each page, rewritten and approved."""
    if not course.has_translation(locale):
        translation = course.copy_for_translation(locale)
        for field, value in _course_fields(spec, "fr").items():
            setattr(translation, field, value)
        translation.draft_title = translation.title
        translation.language_taught = CoursePage.Language.FRENCH
        translation.save()
        _approve(translation, author=author, officer=officer)
    for lesson_spec in spec["lessons"]:
        lesson = LessonPage.objects.child_of(course).get(slug=lesson_spec["slug"])
        if lesson.has_translation(locale):
            continue
        translation = lesson.copy_for_translation(locale)
        translation.title = translation.draft_title = lesson_spec["fr"]["title"]
        translation.body = _body(lesson_spec["fr"]["body"])
        translation.save()
        _approve(translation, author=author, officer=officer)
    for quiz_spec in spec["quizzes"]:
        quiz = QuizPage.objects.child_of(course).filter(kind=quiz_spec["kind"]).first()
        if quiz is None or quiz.has_translation(locale):
            continue
        translation = quiz.copy_for_translation(locale)
        translation.title = translation.draft_title = quiz_spec["fr"]["title"]
        translation.intro = quiz_spec["fr"]["intro"]
        translation.questions = _questions(spec, quiz_spec, "fr")
        translation.save()
        _approve(translation, author=author, officer=officer)


def _seed_course(spec, *, owners, catalogs, officer) -> None:
    organisation, author = owners[spec["owner"]]
    section = CourseSectionPage.objects.get(association=organisation, locale=catalogs["ar"].locale)
    course = CoursePage.objects.child_of(section).filter(slug=spec["slug"]).first()
    if course is None:
        course = _build_course(spec, section=section, author=author, officer=officer)
    else:
        _build_quizzes(spec, course, author=author, officer=officer)
    if "fr" in catalogs:
        _translate_course(
            spec, course, locale=catalogs["fr"].locale, author=author, officer=officer
        )


def seed(*, rng, context, log):
    catalogs = _catalogs(context["home_pages"])
    funder_reviewers_setup()
    for organisation in context["trainers"]:
        association_authoring_setup(organisation=organisation)

    owners = {
        "trainer_a": (
            context["organisations"]["trainer_a"],
            context["users"]["editor@tamkeen.test"],
        ),
    }
    democracy = context["trainers"][0]
    owners["democracy"] = (democracy, _democracy_editor(context=context, organisation=democracy))
    for user in context["users"].values():
        sync_user_groups(user=user)
    officer = context["users"]["officer@tamkeen.test"]

    # Wagtail e-mails each submission and approval; these are staged for the demo, so nobody
    # should receive them (and the console stays readable).
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for spec in COURSES:
            _seed_course(spec, owners=owners, catalogs=catalogs, officer=officer)

    live = CoursePage.objects.live().count()
    log(
        f"Courses: {CourseSectionPage.objects.count()} association sections, {live} live "
        f"courses with {LessonPage.objects.live().count()} lessons and "
        f"{QuizPage.objects.live().count()} quizzes (Arabic and French)."
    )
