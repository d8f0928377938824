"""Form errors reach screen-reader users: each form sent with mistakes comes back with an error
summary at its top (role="alert", focus moved to it, each error linking to its field), and each
field in error is marked invalid and described by its error (aria-invalid, aria-describedby),
in Arabic and in French."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from grants import services as grants_services
from grants.checklist import judgement_items
from grants.models import ReportSection
from organisations.models import Membership
from tests.factories.attendance import registered, session_now
from tests.factories.organisations import member_of

from .conftest import LANGUAGES, PDF, field_label
from .conftest import UI as SIGN_UP_UI

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# What a person reads on the screen (locale/, and Django's and allauth's own catalogues).
UI = {
    "ar": {
        "Email": "بريد إلكتروني",
        "Password": "رمز المرور",
        "Sign In": "تسجيل الدخول",
        "The email address and/or password you specified are not correct.": (
            "عنوان البريد الإلكتروني و / أو كلمة المرور غير صحيحة."
        ),
        "This field is required.": "هذا الحقل مطلوب.",
        "Code shown on the screen": "الرمز المعروض على الشاشة",
        "Check in": "تسجيل الحضور",
        "at least 6 characters": "6 حرف أو رمز على الأقل",
        "Expense 1": "المصروف 1",
        "Label": "البيان",
        "Amount (MAD)": "المبلغ (بالدرهم)",
        "Save the draft": "حفظ المسودة",
        "Record the decision": "تسجيل القرار",
        "Decision": "القرار",
        "Course": "الدورة التكوينية",
        "List of people (CSV or XLSX)": "لائحة الأشخاص (CSV أو XLSX)",
        "Check the file": "التحقق من الملف",
        "You must type the same password each time.": "يجب عليك كتابة كلمة المرور نفسها",
    },
    "fr": {
        "Email": "E-mail",
        "Password": "Mot de passe",
        "Sign In": "Connexion",
        "The email address and/or password you specified are not correct.": (
            "L’adresse e-mail ou le mot de passe sont incorrects."
        ),
        "This field is required.": "Champ requis.",
        "Code shown on the screen": "Code affiché à l’écran",
        "Check in": "Pointer ma présence",
        "at least 6 characters": "au moins 6 caractères",
        "Expense 1": "Dépense 1",
        "Label": "Libellé",
        "Amount (MAD)": "Montant (MAD)",
        "Save the draft": "Enregistrer le brouillon",
        "Record the decision": "Enregistrer la décision",
        "Decision": "Décision",
        "Course": "Formation",
        "List of people (CSV or XLSX)": "Liste des personnes (CSV ou XLSX)",
        "Check the file": "Vérifier le fichier",
        "You must type the same password each time.": (
            "Vous devez saisir deux fois le même mot de passe."
        ),
    },
}


def _text(error: str) -> re.Pattern:
    return re.compile(re.escape(error))


def expect_summary(page, *errors: str):
    """One error summary, announced (role="alert") and focused, listing ``errors``."""
    summary = page.get_by_role("alert")
    expect(summary).to_have_count(1)
    expect(summary).to_be_focused()
    for error in errors:
        expect(summary).to_contain_text(error)
    return summary


def expect_field_in_error(field, error: str):
    """The field is invalid and its accessible description is its error."""
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(_text(error))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_failed_sign_in_is_announced(new_page, learner, language):
    ui = UI[language]
    page = new_page()
    page.goto(f"/{language}/accounts/login/")
    page.get_by_label(field_label(ui["Email"])).fill(learner.email)
    page.get_by_label(field_label(ui["Password"])).fill("not-the-password")
    page.get_by_role("main").get_by_role("button", name=ui["Sign In"]).click()
    expect_summary(page, ui["The email address and/or password you specified are not correct."])


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_sign_up_with_passwords_that_differ_is_tied_to_the_field(new_page, homes, language):
    # The sign-up page is rendered field by field (templates/account/signup.html): only the
    # field-level ties are checked here; the other forms also open with the error summary.
    ui, labels = UI[language], SIGN_UP_UI[language]
    page = new_page()
    page.goto(f"/{language}/accounts/signup/")
    page.get_by_label(field_label(labels["Email"])).fill("karim@example.org")
    page.get_by_label(field_label(labels["Password"])).fill("Une-phrase-de-passe-2026")
    again = page.get_by_label(field_label(labels["Password (again)"]))
    again.fill("Une-autre-phrase-2026")
    again.press("Enter")  # the button's wording is the sign-up page's own business

    again = page.get_by_label(field_label(labels["Password (again)"]))
    expect_field_in_error(again, ui["You must type the same password each time."])
    email = page.get_by_label(field_label(labels["Email"]))
    expect(email).not_to_have_attribute("aria-invalid", "true")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_short_check_in_code_is_tied_to_its_field(new_page, trainer_association, language):
    ui = UI[language]
    session = session_now(association=trainer_association)
    (learner,) = registered(session)
    page = new_page(learner)
    page.goto(f"/{language}/attendance/check-in/")
    code = page.get_by_label(ui["Code shown on the screen"])
    code.fill("AB")
    page.get_by_role("main").get_by_role("button", name=ui["Check in"]).click()

    summary = expect_summary(page, ui["at least 6 characters"])
    expect_field_in_error(code, ui["at least 6 characters"])
    # The summary's link takes the person to the field.
    summary.get_by_role("link").click()
    expect(code).to_be_focused()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_tranche_request_line_without_amount_is_tied_to_its_field(
    new_page, agreement_with_first_tranche_paid, trainer_association, language
):
    ui = UI[language]
    admin = member_of(trainer_association, Membership.Role.ADMIN)
    tranche = agreement_with_first_tranche_paid.tranches.get(number=2)
    draft = grants_services.tranche_request_create(tranche=tranche, by=admin)
    page = new_page(admin)
    page.goto(f"/{language}/grants/tranche-requests/{draft.pk}/edit/")
    expense = page.get_by_role("group", name=ui["Expense 1"], exact=True)
    expense.get_by_label(field_label(ui["Label"])).fill("Salle")
    page.get_by_role("button", name=ui["Save the draft"]).click()

    expect_summary(page, ui["This field is required."])
    expense = page.get_by_role("group", name=ui["Expense 1"], exact=True)
    amount = expense.get_by_label(field_label(ui["Amount (MAD)"]))
    expect_field_in_error(amount, ui["This field is required."])
    expect(expense.get_by_label(field_label(ui["Label"]))).not_to_have_attribute(
        "aria-invalid", "true"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unanswered_review_is_tied_to_each_question(
    new_page, funder, agreement_with_first_tranche_paid, trainer_association, language
):
    ui = UI[language]
    admin = member_of(trainer_association, Membership.Role.ADMIN)
    tranche = agreement_with_first_tranche_paid.tranches.get(number=2)
    request = grants_services.tranche_request_create(tranche=tranche, by=admin)
    grants_services.tranche_request_update(
        request=request,
        by=admin,
        sections={kind: f"Texte : {kind}" for kind in ReportSection.Kind.values},
        expense_lines=[
            {"category": "venue", "label": "Salle", "amount": "1000.00", "receipt": _pdf()}
        ],
    )
    for document_type in agreement_with_first_tranche_paid.programme.required_documents:
        grants_services.tranche_request_document_add(
            request=request, by=admin, document_type=document_type, upload=_pdf()
        )
    grants_services.tranche_request_submit(request=request, by=admin)
    officer = member_of(funder, Membership.Role.OFFICER)

    page = new_page(officer)
    page.goto(f"/{language}/grants/tranche-requests/{request.pk}/review/")
    page.get_by_role("button", name=ui["Record the decision"]).click()

    expect_summary(page, ui["This field is required."])
    with translation.override(language):
        # The officer answers the two judgement items; the figure items are computed.
        questions = [str(item.label) for item in judgement_items()]
    for label in [*questions, ui["Decision"]]:
        group = page.get_by_role("group", name=label, exact=True)
        expect(group).to_have_accessible_description(_text(ui["This field is required."]))
        for radio in group.get_by_role("radio").all():
            expect(radio).to_have_attribute("aria-invalid", "true")


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("piece.pdf", PDF, content_type="application/pdf")


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_import_without_course_or_file_is_tied_to_its_fields(
    new_page, content, coordinator, member_association, language
):
    ui = UI[language]
    page = new_page(coordinator)
    page.goto(f"/{language}/learning/associations/{member_association.pk}/import/")
    page.get_by_role("button", name=ui["Check the file"]).click()

    expect_summary(page, ui["This field is required."])
    expect_field_in_error(
        page.get_by_label(field_label(ui["Course"])), ui["This field is required."]
    )
    people = page.get_by_label(field_label(ui["List of people (CSV or XLSX)"]))
    expect_field_in_error(people, ui["This field is required."])
