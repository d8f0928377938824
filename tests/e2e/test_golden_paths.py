"""The golden paths, in Arabic and in French, driven the way a person would: by the labels and
roles on the screen, never by CSS classes."""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from accounts.models import User
from certificates.models import Certificate
from courses.models import SessionRegistration
from tests.factories.certificates import issued_certificate
from tests.factories.learning import TrainingSessionFactory

from .conftest import ARTICLE, COURSE, LANGUAGES, PHONE, QUIZ_CHOICES, QUIZ_TITLE, UI, field_label

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSPHRASE = "Une-phrase-de-passe-2026"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_citizen_reads_an_article_then_signs_up(new_page, content, mailoutbox, language):
    ui = UI[language]
    page = new_page()
    page.goto(f"/{language}/")
    page.get_by_role("navigation").get_by_role("link", name=ui["Know your rights"]).click()
    page.get_by_role("link", name=ARTICLE[language]["title"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE[language]["title"])
    expect(page.get_by_role("main")).to_contain_text(ARTICLE[language]["intro"])

    page.get_by_role("banner").get_by_role("link", name=ui["Sign up"]).click()
    page.get_by_label(field_label(ui["Email"])).fill("amina@example.org")
    page.get_by_label(field_label(ui["Full name in Arabic script"])).fill("أمينة العلوي")
    page.get_by_label(field_label(ui["Full name in Latin script"])).fill("Amina Alaoui")
    page.get_by_label(field_label(ui["Preferred language"])).select_option(language)
    page.get_by_label(field_label(ui["Password"])).fill(PASSPHRASE)
    page.get_by_label(field_label(ui["Password (again)"])).fill(PASSPHRASE)
    page.get_by_role("checkbox", name=re.compile(ui["privacy notice"])).check()
    page.get_by_role("button", name=ui["Sign up"], exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(ui["Verify Your Email Address"])
    expect(page).to_have_url(re.compile(rf"/{language}/accounts/confirm-email/$"))
    citizen = User.objects.get(email="amina@example.org")
    assert (citizen.full_name_latin, citizen.preferred_language) == ("Amina Alaoui", language)
    assert not EmailAddress.objects.get(user=citizen).verified
    assert [message.to for message in mailoutbox] == [["amina@example.org"]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_learner_registers_for_a_session_on_a_phone(
    new_page, homes, trainer_association, learner, language
):
    ui = UI[language]
    session = TrainingSessionFactory(association=trainer_association, title="Atelier RGPD")
    page = new_page(learner, viewport=PHONE)
    page.goto(f"/{language}/")
    # On a phone the menu folds behind its button (templates/includes/header.html).
    page.locator(".site-menu-toggle").click()
    page.get_by_role("navigation").get_by_role("link", name=ui["Sessions"]).click()
    page.get_by_role("link", name="Atelier RGPD").click()
    page.get_by_role("button", name=ui["Register"], exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(ui["Your seat is confirmed."])

    page.locator(".site-menu-toggle").click()
    page.get_by_role("navigation").get_by_role("link", name=ui["My learning"]).click()
    expect(page).to_have_url(re.compile(rf"/{language}/my-learning/$"))
    upcoming = page.get_by_role("region", name=ui["My upcoming sessions"])
    expect(upcoming.get_by_role("link", name="Atelier RGPD")).to_be_visible()
    assert SessionRegistration.objects.get(session=session, learner=learner).status == "confirmed"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_learner_completes_a_course_passes_its_quiz_and_gets_a_certificate(
    new_page, content, learner, language
):
    ui = UI[language]
    page = new_page(learner)
    page.goto(content.path("course", language))
    page.get_by_role("button", name=ui["Enroll in this course"]).click()
    page.get_by_role("link", name=ui["Start the first lesson"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(content.lessons[language][0].title)
    page.get_by_role("button", name=ui["Mark as done and go to the next lesson"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(content.lessons[language][1].title)
    page.get_by_role("button", name=ui["Mark as done"], exact=True).click()
    assert not Certificate.objects.filter(learner=learner).exists()  # the quiz is still due

    page.goto(content.path("course", language))
    page.get_by_role("link", name=QUIZ_TITLE[language], exact=True).click()
    page.get_by_label(QUIZ_CHOICES[language][0]).check()
    page.get_by_role("button", name=ui["Submit my answers"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ui["Your result"])
    expect(page.get_by_role("main")).to_contain_text(ui["Passed"])

    page.get_by_role("navigation").get_by_role("link", name=ui["My learning"]).click()
    certificates = page.get_by_role("region", name=ui["My certificates"])
    # The certificate names the course in the learner's language, and in the other one.
    expect(certificates.get_by_role("heading", name=COURSE[language]["title"])).to_be_visible()
    other = "fr" if language == "ar" else "ar"
    expect(certificates).to_contain_text(COURSE[other]["title"])
    certificate = Certificate.objects.get(learner=learner)
    assert certificate.pdf_sha256  # issued on commit, PDF and all
    expect(certificates).to_contain_text(certificate.code_display)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_stranger_checks_that_a_certificate_is_valid(
    new_page, homes, trainer_association, language
):
    certificate = issued_certificate(association=trainer_association)
    page = new_page()
    page.goto(f"/{language}/verify/{certificate.code}/")
    expect(page.get_by_role("status")).to_have_text(UI[language]["This certificate is valid."])
    expect(page.get_by_role("heading", level=1)).to_contain_text(certificate.code_display)
    expect(page.get_by_role("main")).to_contain_text(certificate.holder_name_latin)
