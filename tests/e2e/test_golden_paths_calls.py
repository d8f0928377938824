"""The call for proposals golden path, in Arabic and in French: an association's admin signs in
on the sign-in page, fills the application over two sittings, uploads the four documents and
submits; a committee member signs in, declares no conflict of interest and scores.

The labels are looked up with gettext in the page's language (the catalogues for calls are
done centrally), so the test reads what the person reads, translated or not yet."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from calls import services
from calls.models import Application, Score
from organisations.models import Membership
from tests.factories.accounts import UserFactory
from tests.factories.calls import minimal_pdf, open_call, screened
from tests.factories.grants import ProgrammeFactory
from tests.factories.organisations import MembershipFactory

from .conftest import LANGUAGES, PHONE, field_label

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "Tamkeen-demo-2026"


def t(language, text):
    with translation.override(language):
        return translation.gettext(text)


def demo_account(email, organisation, role):
    user = UserFactory(email=email, password=DEMO_PASSWORD)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def sign_in(new_page, language, email, viewport=None):
    labels = {
        "ar": ("بريد إلكتروني", "رمز المرور", "تسجيل الدخول"),
        "fr": ("E-mail", "Mot de passe", "Connexion"),
    }[language]
    page = new_page(viewport=viewport) if viewport else new_page()
    page.goto(f"/{language}/accounts/login/")
    page.get_by_label(field_label(labels[0])).fill(email)
    page.get_by_label(field_label(labels[1])).fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name=labels[2]).click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    return page


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_association_applies_and_a_reviewer_scores(
    new_page, funder, trainer_association, language, tmp_path
):
    programme = ProgrammeFactory(funder=funder)
    officer = demo_account("officer@tamkeen.test", funder, Membership.Role.OFFICER)
    call = open_call(programme=programme, officer=officer)
    demo_account("trainer.admin@tamkeen.test", trainer_association, Membership.Role.ADMIN)

    # The association applies, on a phone, over two sittings.
    page = sign_in(new_page, language, "trainer.admin@tamkeen.test", viewport=PHONE)
    page.goto(f"/{language}/calls/")
    page.get_by_role("link", name=call.title_ar if language == "ar" else call.title_fr).click()
    page.get_by_role("button", name=t(language, "Start an application")).click()
    expect(page.get_by_role("heading", name=t(language, "Before you submit"))).to_be_visible()
    page.get_by_label(t(language, "Project title in French")).fill("Former au numérique")
    page.get_by_role("button", name=t(language, "Save the draft")).click()
    expect(page.get_by_text(t(language, "Draft saved."))).to_be_visible()

    page.get_by_label(t(language, "Project title in Arabic")).fill("التكوين الرقمي")
    page.get_by_label(t(language, "Date of the association's legal registration")).fill(
        "2015-03-01"
    )
    page.get_by_label(t(language, "Number of members")).fill("40")
    page.get_by_label(t(language, "Amount requested (MAD)")).fill("200000")
    for textarea in page.locator("#application-form textarea").all():
        textarea.fill("Réponse détaillée du projet")
    page.locator("input[name$='_0_title']").fill("Formation")
    page.locator("input[name$='_sessions']").fill("12")
    page.locator("input[name$='_beneficiaries']").fill("240")
    page.locator("select[name$='_0_category']").select_option("trainers")
    page.locator("input[name$='_0_amount']").fill("200000")
    page.get_by_role("button", name=t(language, "Save the draft")).click()
    expect(page.get_by_text(t(language, "Draft saved."))).to_be_visible()

    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(minimal_pdf())
    for document in call.documents.all():
        label = document.label_ar if language == "ar" else document.label_fr
        page.get_by_label(field_label(t(language, "Document"))).select_option(label=label)
        page.get_by_label(field_label(t(language, "File (PDF, JPEG or PNG)"))).set_input_files(
            str(pdf)
        )
        page.get_by_role("button", name=t(language, "Upload")).click()
        expect(page.get_by_text(t(language, "Document received."))).to_be_visible()
    expect(
        page.get_by_text(t(language, "Everything required is there: you can submit."))
    ).to_be_visible()
    page.get_by_role("button", name=t(language, "Save and submit")).click()
    expect(
        page.get_by_text(
            t(language, "Your application is submitted. The receipt is on its way by e-mail.")
        )
    ).to_be_visible()
    application = Application.objects.get(call=call, association=trainer_association)
    assert application.status == "submitted"
    expect(page.get_by_text(application.submission_sha256)).to_be_visible()

    # Screening by the officer (its own pages are tested without a browser), then a member
    # of the committee, from another ministry, declares and scores.
    screened(application, officer)
    reviewer = UserFactory(email="reviewer@tamkeen.test", password=DEMO_PASSWORD)
    services.committee_member_add(
        call=call, by=officer, email=reviewer.email, kind="ministry", institution="MI"
    )
    page = sign_in(new_page, language, "reviewer@tamkeen.test")
    page.goto(f"/{language}/calls/{call.pk}/review/")
    page.get_by_role("link", name=application.reference).click()
    page.get_by_label(t(language, "No: I have no link with the applicant")).check()
    page.get_by_role("button", name=t(language, "Declare")).click()
    expect(page.get_by_text(t(language, "Declaration recorded."))).to_be_visible()
    expect(page.get_by_text("Réponse détaillée du projet").first).to_be_visible()
    for criterion in call.criteria.all():
        label = criterion.label_ar if language == "ar" else criterion.label_fr
        page.get_by_label(field_label(label)).select_option("4")
    page.get_by_role("button", name=t(language, "Save my scores")).click()
    expect(page.get_by_text(t(language, "Scores saved."))).to_be_visible()
    assert Score.objects.filter(member__user=reviewer, application=application).count() == (
        call.criteria.count()
    )
