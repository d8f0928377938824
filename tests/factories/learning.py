"""Learning records: courses with lessons and quizzes, enrollments, sessions, registrations."""

from datetime import timedelta

import factory
from django.utils import timezone

from cms.models import HomePage
from core.bilingual import script_language
from courses.models import (
    CatalogPage,
    CoursePage,
    CourseSectionPage,
    Enrollment,
    LessonPage,
    QuizPage,
    SessionRegistration,
    TrainingSession,
)
from organisations.models import Organisation

from .courses import CoursePageFactory, LessonPageFactory, PageFactory
from .organisations import OrganisationFactory, _province


def catalog() -> CatalogPage:
    home = HomePage.objects.get(locale__language_code="ar")
    existing = CatalogPage.objects.child_of(home).first()
    if existing:
        return existing
    return home.add_child(instance=CatalogPage(title="الدورات", slug="courses"))


def section_for(association: Organisation) -> CourseSectionPage:
    existing = CourseSectionPage.objects.filter(association=association).first()
    if existing:
        return existing
    return catalog().add_child(
        instance=CourseSectionPage(
            title=association.name_ar,
            slug=f"section-{association.pk}",
            association=association,
        )
    )


def course_with_lessons(
    *, association: Organisation | None = None, lessons: int = 3, **kwargs
) -> tuple[CoursePage, list[LessonPage]]:
    association = association or OrganisationFactory(kind=Organisation.Kind.TRAINER)
    course = CoursePageFactory(parent=section_for(association), **kwargs)
    return course, [LessonPageFactory(parent=course) for _ in range(lessons)]


def questions():
    """Two questions: a single choice (answer 0) and a multiple choice (answers 0 and 1)."""
    return [
        {
            "type": "question",
            "value": {
                "text": "ما هي كلمة المرور القوية؟",
                "kind": "single",
                "choices": [
                    {"text": "طويلة وفريدة", "is_correct": True},
                    {"text": "تاريخ الميلاد", "is_correct": False},
                    {"text": "123456", "is_correct": False},
                ],
                "explanation": "كلمة مرور طويلة وفريدة لكل حساب.",
            },
        },
        {
            "type": "question",
            "value": {
                "text": "Quelles pratiques protègent les données ?",
                "kind": "multiple",
                "choices": [
                    {"text": "Double authentification", "is_correct": True},
                    {"text": "Sauvegardes chiffrées", "is_correct": True},
                    {"text": "Partager son mot de passe", "is_correct": False},
                ],
                "explanation": "",
            },
        },
    ]


class QuizPageFactory(PageFactory):
    class Meta:
        model = QuizPage

    title = factory.Sequence(lambda n: f"اختبار {n}")
    slug = factory.Sequence(lambda n: f"quiz-{n}")
    kind = QuizPage.Kind.REGULAR
    pass_mark = 50
    attempt_limit = 0
    questions = factory.LazyFunction(questions)


def right_answers(quiz: QuizPage) -> dict:
    return {
        str(block.id): [i for i, c in enumerate(block.value["choices"]) if c["is_correct"]]
        for block in quiz.questions
    }


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    learner = factory.SubFactory("tests.factories.accounts.UserFactory")
    course = factory.LazyFunction(lambda: course_with_lessons(lessons=0)[0])
    enrolled_by = factory.SelfAttribute("learner")


def _in(text, language: str, default: str = "") -> str:
    """``text`` when written in ``language``'s script, "" when in the other; ``default``
    when no text was given."""
    if text is None:
        return default
    return text if script_language(text, default="ar") == language else ""


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession
        skip_postgeneration_save = True

    class Params:
        # One text, as before #21: it goes to the field of its script's language, and the
        # other language stays empty (unless given too: title_ar=…, title_fr=…).
        title = None
        venue = None
        description = None

    association = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.TRAINER)
    # Arabic only by default (as typed before #21).
    title_ar = factory.LazyAttributeSequence(
        lambda o, n: _in(o.title, "ar", default=f"حصة تكوينية {n}")
    )
    title_fr = factory.LazyAttribute(lambda o: _in(o.title, "fr"))
    description_ar = factory.LazyAttribute(lambda o: _in(o.description, "ar"))
    description_fr = factory.LazyAttribute(lambda o: _in(o.description, "fr"))
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    mode = TrainingSession.Mode.IN_PERSON
    venue_ar = factory.LazyAttribute(lambda o: _in(o.venue, "ar", default="دار الشباب"))
    venue_fr = factory.LazyAttribute(lambda o: _in(o.venue, "fr"))
    province = factory.LazyFunction(_province)
    region = factory.LazyAttribute(lambda o: o.province.region)
    capacity = 20


class SessionRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionRegistration

    session = factory.SubFactory(TrainingSessionFactory)
    learner = factory.SubFactory("tests.factories.accounts.UserFactory")
    status = SessionRegistration.Status.CONFIRMED
