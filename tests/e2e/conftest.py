"""Browser tests: Playwright (from PyPI) driving Debian's Chromium against a live server.

No browser is ever downloaded: Chromium comes from the system (`apt-get install chromium`;
.ci/run installs it when missing). Run with `make test-e2e`.
"""

import os
import re
import shutil
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LANGUAGES = ["ar", "fr"]

# What a person reads on the screen, in each language (locale/*/LC_MESSAGES/django.po, and
# allauth's own catalogues for its forms). Written out rather than looked up with gettext, so a
# missing translation fails here.
UI = {
    "ar": {
        "Know your rights": "اعرفوا حقوقكم",
        "Sessions": "الحصص",
        "My learning": "تعلّمي",
        "Sign up": "إنشاء حساب",
        "Email": "بريد إلكتروني",
        "Full name in Arabic script": "الاسم الكامل بالحروف العربية",
        "Full name in Latin script": "الاسم الكامل بالحروف اللاتينية",
        "Preferred language": "اللغة المفضلة",
        "Password": "رمز المرور",
        "Password (again)": "كلمة المرور (مجددا)",
        "privacy notice": "إشعار حماية المعطيات الشخصية",
        "Verify Your Email Address": "التحقق من البريد الإلكتروني",
        "Register": "التسجيل",
        "Your seat is confirmed.": "تم تأكيد مقعدكم.",
        "My upcoming sessions": "حصصي المقبلة",
        "Enroll in this course": "التسجيل في هذه الدورة",
        "Start the first lesson": "بدء الدرس الأول",
        "Mark as done and go to the next lesson": "تحديد كمنجز والانتقال إلى الدرس الموالي",
        "Mark as done": "تحديد كمنجز",
        "Submit my answers": "إرسال أجوبتي",
        "Your result": "نتيجتكم",
        "Passed": "ناجح",
        "My certificates": "شهاداتي",
        "This certificate is valid.": "هذه الشهادة صالحة.",
    },
    "fr": {
        "Know your rights": "Connaître vos droits",
        "Sessions": "Séances",
        "My learning": "Mon apprentissage",
        "Sign up": "Créer un compte",
        "Email": "E-mail",
        "Full name in Arabic script": "Nom complet en caractères arabes",
        "Full name in Latin script": "Nom complet en caractères latins",
        "Preferred language": "Langue préférée",
        "Password": "Mot de passe",
        "Password (again)": "Mot de passe (confirmation)",
        "privacy notice": "notice de confidentialité",
        "Verify Your Email Address": "Vérifiez votre adresse e-mail",
        "Register": "Valider l’inscription",
        "Your seat is confirmed.": "Votre place est confirmée.",
        "My upcoming sessions": "Mes prochaines séances",
        "Enroll in this course": "S’inscrire à cette formation",
        "Start the first lesson": "Commencer la première leçon",
        "Mark as done and go to the next lesson": (
            "Marquer comme terminée et passer à la leçon suivante"
        ),
        "Mark as done": "Marquer comme terminée",
        "Submit my answers": "Envoyer mes réponses",
        "Your result": "Votre résultat",
        "Passed": "Réussi",
        "My certificates": "Mes attestations",
        "This certificate is valid.": "Cette attestation est valide.",
    },
}


def field_label(text: str) -> re.Pattern:
    """A form label as Django writes it: the text, then its suffix (":" or a French " :"), or
    a required mark ("*", hidden from screen readers) where a template adds one."""
    return re.compile(rf"^\s*{re.escape(text)}\s*:?\s*\*?\s*$")


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (Debian package chromium)")
    # The live server runs in this process: Playwright's sync API needs Django's async guard
    # relaxed for the test thread only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with playwright_api.sync_playwright() as playwright:
            instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser, live_server):
    """Open a page in a fresh browser context, optionally signed in as ``user``."""
    contexts = []

    def open_page(user=None, viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        if user is not None:
            client = Client()
            client.force_login(user)
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "url": live_server.url,
                    }
                ]
            )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


# --- The site's pages ---------------------------------------------------------------------------
# Transactional tests flush the database after each test, the pages and the default site the
# migrations created included: these fixtures build them again, the way an editor would.

HOME_INTRO = {
    "ar": "منصة لتقوية قدرات الجمعيات في مجالي الديمقراطية التشاركية والرقمنة.",
    "fr": "Une plateforme pour renforcer les capacités des associations.",
}


@pytest.fixture
def homes(db):
    """The Arabic home page (root of the default site) and its French translation."""
    from wagtail.models import Locale, Page, Site

    from cms.models import HomePage
    from tests.factories.cms import translate

    # Wagtail caches the site's root paths: a flushed database leaves them stale.
    cache.clear()
    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    Locale.objects.get_or_create(language_code="fr")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=arabic))
    home = HomePage.objects.filter(locale=arabic).first()
    if home is None:
        home = root.add_child(
            instance=HomePage(title="تمكين", slug="home", locale=arabic, intro=HOME_INTRO["ar"])
        )
        home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Tamkeen"},
    )
    french = translate(home, "fr", title="Tamkeen", intro=HOME_INTRO["fr"])
    cache.clear()
    return {"ar": home, "fr": french}


@dataclass
class Content:
    """The pages of the site in both languages, keyed by language code."""

    homes: dict
    awareness: dict = field(default_factory=dict)
    article: dict = field(default_factory=dict)
    catalog: dict = field(default_factory=dict)
    course: dict = field(default_factory=dict)
    lessons: dict = field(default_factory=dict)
    quiz: dict = field(default_factory=dict)

    def path(self, kind: str, language: str) -> str:
        """The page's URL path, e.g. ``/fr/awareness/``."""
        return getattr(self, kind)[language].url


ARTICLE = {
    "ar": {
        "title": "حق تقديم العرائض",
        "intro": "كيف يقدم المواطنون عريضة إلى الجماعة الترابية.",
        "body": [("paragraph", "<p>يحق للمواطنات والمواطنين تقديم عرائض إلى مجلس الجماعة.</p>")],
    },
    "fr": {
        "title": "Le droit de pétition",
        "intro": "Comment les citoyens adressent une pétition à leur commune.",
        "body": [("paragraph", "<p>Les citoyennes et citoyens peuvent saisir le conseil.</p>")],
    },
}
COURSE = {
    "ar": {"title": "حماية معطيات الجمعية", "summary": "دورة قصيرة لحماية حسابات الجمعية."},
    "fr": {
        "title": "Protéger les données de l’association",
        "summary": "Une formation courte pour protéger les comptes de l’association.",
    },
}
LESSONS = {
    "ar": [
        ("كلمات المرور", "<p>كلمة مرور طويلة لكل حساب.</p>"),
        ("النسخ الاحتياطية", "<p>نسخة مشفرة كل أسبوع.</p>"),
    ],
    "fr": [
        ("Les mots de passe", "<p>Un mot de passe long pour chaque compte.</p>"),
        ("Les sauvegardes", "<p>Une copie chiffrée chaque semaine.</p>"),
    ],
}
QUIZ_TITLE = {"ar": "اختبار حماية المعطيات", "fr": "Quiz sur la protection des données"}
QUIZ_QUESTION = {"ar": "ما هي كلمة المرور القوية؟", "fr": "Qu’est-ce qu’un mot de passe solide ?"}
QUIZ_CHOICES = {
    "ar": ["طويلة وفريدة", "تاريخ الميلاد", "123456"],
    "fr": ["Longue et unique", "Sa date de naissance", "123456"],
}


def _quiz_questions(language: str) -> list:
    """One single-choice question; the first choice is right."""
    choices = [
        {"text": text, "is_correct": number == 0}
        for number, text in enumerate(QUIZ_CHOICES[language])
    ]
    return [
        {
            "type": "question",
            "value": {
                "text": QUIZ_QUESTION[language],
                "kind": "single",
                "choices": choices,
                "explanation": "",
            },
        }
    ]


@pytest.fixture
def content(homes, trainer_association):
    """An awareness section with one article, and the catalogue with one course (two lessons
    and a quiz, certificate on all lessons done and the quiz passed), in Arabic and French."""
    from certificates.models import CompletionRule
    from tests.factories import cms as cms_factories
    from tests.factories.courses import CoursePageFactory, LessonPageFactory
    from tests.factories.learning import QuizPageFactory, section_for
    from tests.factories.organisations import _province

    _province()  # the catalogue's region filter lists the regions
    site = Content(homes=homes)
    site.awareness["ar"] = cms_factories.awareness_index(
        homes["ar"], title="اعرف حقوقك", slug="awareness", intro="مقالات للمواطنين."
    )
    site.awareness["fr"] = cms_factories.translate(
        site.awareness["ar"], "fr", title="Connaître ses droits", intro="Des articles."
    )
    site.article["ar"] = cms_factories.awareness_article(
        site.awareness["ar"], slug="petition", **ARTICLE["ar"]
    )
    site.article["fr"] = cms_factories.translate(site.article["ar"], "fr", **ARTICLE["fr"])

    section = section_for(trainer_association)
    site.catalog["ar"] = section.get_parent().specific
    course = CoursePageFactory(parent=section, slug="data-protection", **COURSE["ar"])
    site.course["ar"] = course
    site.lessons["ar"] = [
        LessonPageFactory(parent=course, title=title, body=[("paragraph", body)])
        for title, body in LESSONS["ar"]
    ]
    site.quiz["ar"] = QuizPageFactory(
        parent=course, title=QUIZ_TITLE["ar"], slug="quiz", questions=_quiz_questions("ar")
    )
    CompletionRule.objects.create(course=course, require_all_lessons=True, quiz=site.quiz["ar"])

    site.catalog["fr"] = cms_factories.translate(site.catalog["ar"], "fr", title="Formations")
    cms_factories.translate(section, "fr", title=trainer_association.name_fr)
    site.course["fr"] = cms_factories.translate(course, "fr", **COURSE["fr"])
    site.lessons["fr"] = [
        cms_factories.translate(lesson, "fr", title=title, body=[("paragraph", body)])
        for lesson, (title, body) in zip(site.lessons["ar"], LESSONS["fr"], strict=True)
    ]
    site.quiz["fr"] = cms_factories.translate(
        site.quiz["ar"], "fr", title=QUIZ_TITLE["fr"], questions=_quiz_questions("fr")
    )
    cache.clear()
    return site


@pytest.fixture
def main_pages(content, learner, trainer_association):
    """The main pages of the site: for a language, {name: (path, user to sign in or None)}; with
    what makes them look lived in: a session on the list, and a learner with a course under
    way, a seat and a certificate under My learning."""
    from courses.models import Enrollment
    from tests.factories.certificates import CertificateFactory
    from tests.factories.learning import SessionRegistrationFactory, TrainingSessionFactory

    session = TrainingSessionFactory(
        association=trainer_association, course=content.course["ar"], title=SESSION_TITLE
    )
    SessionRegistrationFactory(session=session, learner=learner)
    Enrollment.objects.create(learner=learner, course=content.course["ar"], enrolled_by=learner)
    CertificateFactory(learner=learner, course=content.course["ar"])

    def pages(language: str) -> dict[str, tuple[str, object]]:
        paths = {
            "home": f"/{language}/",
            "awareness": content.path("awareness", language),
            "article": content.path("article", language),
            "catalogue": content.path("catalog", language),
            "course": content.path("course", language),
            "signup": f"/{language}/accounts/signup/",
            "login": f"/{language}/accounts/login/",
            "my-learning": f"/{language}/my-learning/",
            "sessions": f"/{language}/sessions/",
        }
        assert list(paths) == MAIN_PAGES
        return {
            name: (path, learner if name in SIGNED_IN else None) for name, path in paths.items()
        }

    return pages


SESSION_TITLE = "Atelier : sécuriser les comptes de l’association"
MAIN_PAGES = [
    "home",
    "awareness",
    "article",
    "catalogue",
    "course",
    "signup",
    "login",
    "my-learning",
    "sessions",
]
SIGNED_IN = {"my-learning"}


# --- Grants -------------------------------------------------------------------------------------


def _one_page_pdf() -> bytes:
    """A real one-page PDF, cross-reference table and all: uploads are parsed, not sniffed."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return body


PDF = _one_page_pdf()


@pytest.fixture
def agreement_with_first_tranche_paid(funder, trainer_association):
    """Association A's agreement under a programme of the funder, tranche 1 paid."""
    import datetime

    from grants import services
    from organisations.models import Membership
    from tests.factories.grants import AgreementFactory, ProgrammeFactory
    from tests.factories.organisations import member_of

    agreement = AgreementFactory(
        programme=ProgrammeFactory(funder=funder),
        association=trainer_association,
        reference="DEMO-2023-DIG-001",
    )
    tranches = services.agreement_tranches_create(agreement=agreement)
    services.tranche_payment_record(
        tranche=tranches[0],
        by=member_of(funder, Membership.Role.FINANCE),
        paid_on=datetime.date(2024, 1, 10),
        reference="VIR-2024-001",
    )
    return agreement


def pytest_collection_modifyitems(config, items):
    """Tests marked ``fresh_database`` (the language check seeds the whole demo) run first:
    every browser test flushes the database after it, which removes what the migrations loaded
    (territories, Wagtail's root collection and groups)."""
    fresh = [item for item in items if item.get_closest_marker("fresh_database")]
    items[:] = fresh + [item for item in items if item not in fresh]
