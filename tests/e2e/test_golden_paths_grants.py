"""The rest of the golden path, in Arabic and in French: a coordinator enrolls members from a
file; the trainer association submits its tranche-2 request; the officer reviews and approves
it; an auditor downloads the evidence pack. Everyone signs in on the sign-in page with a demo
account's address and password (README), and finds things by their labels and roles."""

import hashlib
import io
import json
import re
import zipfile

import pytest
from playwright.sync_api import expect

from certificates.signing import published_jwks
from courses.models import Enrollment
from grants.models import EvidencePack, Tranche, TrancheRequest
from grants.verifier import verify_pack
from organisations.models import Invitation, Membership
from tests.factories.accounts import UserFactory
from tests.factories.organisations import MembershipFactory

from .conftest import COURSE, LANGUAGES, PDF, PHONE, field_label

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "Tamkeen-demo-2026"  # every demo account's (README, "Demo accounts")


# What a person reads on the screen (locale/*/LC_MESSAGES/django.po), written out so a missing
# translation fails here.
UI = {
    "ar": {
        "Email": "بريد إلكتروني",
        "Password": "رمز المرور",
        "Sign In": "تسجيل الدخول",
        "Agreements": "الاتفاقيات",
        "Prepare the request": "إعداد الطلب",
        "sections": ["الأنشطة المنجزة", "النتائج", "الصعوبات", "الخطوات المقبلة"],
        "Expense 1": "المصروف 1",
        "Budget category": "صنف الميزانية",
        "Venue and logistics": "القاعة واللوجستيك",
        "Label": "البيان",
        "Amount (MAD)": "المبلغ (بالدرهم)",
        "Receipt (PDF, JPEG or PNG)": "الوصل أو الفاتورة (PDF أو JPEG أو PNG)",
        "New document 1": "وثيقة جديدة 1",
        "New document 2": "وثيقة جديدة 2",
        "Type of document": "نوع الوثيقة",
        "File (PDF, JPEG or PNG, 10 MB at most)": (
            "الملف (PDF أو JPEG أو PNG، 10 ميغابايت كحد أقصى)"
        ),
        "Signed attendance sheets": "أوراق الحضور الموقعة",
        "Invoices and receipts": "الفواتير والوصولات",
        "Save and submit": "حفظ وإيداع",
        "Your request has been submitted.": "تم إيداع طلبكم.",
        "Review the request": "دراسة الطلب",
        "Met": "مستوفى",
        "Override: pass this item anyway": "تجاوز: اعتبار هذا البند مستوفى رغم ذلك",
        "Justification (required to override)": "التبرير (إلزامي للتجاوز)",
        "Approve": "الموافقة",
        "Record the decision": "تسجيل القرار",
        "Your decision has been recorded.": "تم تسجيل قراركم.",
        "Prepare the evidence pack": "إعداد ملف الإثبات",
        "Download the pack (ZIP)": "تحميل الملف (ZIP)",
        "My members": "أعضائي",
        "Enroll members from a file": "تسجيل الأعضاء في الدورة انطلاقا من ملف",
        "Course": "الدورة التكوينية",
        "List of people (CSV or XLSX)": "لائحة الأشخاص (CSV أو XLSX)",
        "Check the file": "التحقق من الملف",
        "Check before importing": "التحقق قبل الاستيراد",
        "Import 2 rows": "استيراد 2 سطرين",
        "1 enrolled, 1 invited, 0 skipped.": "المسجلون: 1، المدعوون: 1، الأسطر المتجاوزة: 0.",
        "Invited, not yet joined": "تمت دعوته(ا)، ولم ينضم بعد",
    },
    "fr": {
        "Email": "E-mail",
        "Password": "Mot de passe",
        "Sign In": "Connexion",
        "Agreements": "Conventions",
        "Prepare the request": "Préparer la demande",
        "sections": ["Activités réalisées", "Résultats", "Difficultés", "Prochaines étapes"],
        "Expense 1": "Dépense 1",
        "Budget category": "Catégorie budgétaire",
        "Venue and logistics": "Lieu et logistique",
        "Label": "Libellé",
        "Amount (MAD)": "Montant (MAD)",
        "Receipt (PDF, JPEG or PNG)": "Justificatif de dépense (PDF, JPEG ou PNG)",
        "New document 1": "Nouveau document 1",
        "New document 2": "Nouveau document 2",
        "Type of document": "Type de document",
        "File (PDF, JPEG or PNG, 10 MB at most)": "Fichier (PDF, JPEG ou PNG, 10 Mo au maximum)",
        "Signed attendance sheets": "Feuilles de présence signées",
        "Invoices and receipts": "Factures et justificatifs de dépense",
        "Save and submit": "Enregistrer et soumettre",
        "Your request has been submitted.": "Votre demande a été soumise.",
        "Review the request": "Examiner la demande",
        "Met": "Rempli",
        "Override: pass this item anyway": "Dérogation : valider cet élément malgré tout",
        "Justification (required to override)": "Justification (obligatoire pour déroger)",
        "Approve": "Approuver",
        "Record the decision": "Enregistrer la décision",
        "Your decision has been recorded.": "Votre décision a été enregistrée.",
        "Prepare the evidence pack": "Préparer le dossier de justification",
        "Download the pack (ZIP)": "Télécharger le dossier (ZIP)",
        "My members": "Mes membres",
        "Enroll members from a file": "Inscrire des membres à partir d’un fichier",
        "Course": "Formation",
        "List of people (CSV or XLSX)": "Liste des personnes (CSV ou XLSX)",
        "Check the file": "Vérifier le fichier",
        "Check before importing": "Vérifier avant l’importation",
        "Import 2 rows": "Importer 2 lignes",
        "1 enrolled, 1 invited, 0 skipped.": "1 inscrit(s), 1 invité(s), 0 ignoré(s).",
        "Invited, not yet joined": "Invité(e), n’a pas encore rejoint l’association",
    },
}


def demo_account(email: str, organisation, role: str):
    """A person with a README demo address and the demo password, holding ``role``."""
    user = UserFactory(email=email, password=DEMO_PASSWORD)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def sign_in(new_page, language: str, email: str, viewport=None):
    """A fresh browser, signed in through the sign-in page as a person would."""
    ui = UI[language]
    page = new_page(viewport=viewport) if viewport else new_page()
    page.goto(f"/{language}/accounts/login/")
    page.get_by_label(field_label(ui["Email"])).fill(email)
    page.get_by_label(field_label(ui["Password"])).fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name=ui["Sign In"]).click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    return page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_association_requests_tranche_2_the_officer_approves_and_an_auditor_downloads_the_pack(
    new_page, funder, trainer_association, agreement_with_first_tranche_paid, language
):
    ui = UI[language]
    agreement = agreement_with_first_tranche_paid
    demo_account("trainer.admin@tamkeen.test", trainer_association, Membership.Role.ADMIN)
    demo_account("officer@tamkeen.test", funder, Membership.Role.OFFICER)
    demo_account("auditor@tamkeen.test", funder, Membership.Role.AUDITOR)

    # The trainer association writes and submits its request for tranche 2.
    page = sign_in(new_page, language, "trainer.admin@tamkeen.test")
    page.get_by_role("navigation").get_by_role("link", name=ui["Agreements"]).click()
    page.get_by_role("link", name=agreement.reference).click()
    page.get_by_role("button", name=ui["Prepare the request"]).click()
    for number, section in enumerate(ui["sections"]):
        page.get_by_label(field_label(section)).fill(f"{section} — {number}")
    expense = page.get_by_role("group", name=ui["Expense 1"], exact=True)
    expense.get_by_label(field_label(ui["Budget category"])).select_option(
        label=ui["Venue and logistics"]
    )
    expense.get_by_label(field_label(ui["Label"])).fill("Salle Dar Chabab")
    expense.get_by_label(field_label(ui["Amount (MAD)"])).fill("1500.50")
    expense.get_by_label(field_label(ui["Receipt (PDF, JPEG or PNG)"])).set_input_files(
        {"name": "recu.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    for group, document_type, name in (
        ("New document 1", "Signed attendance sheets", "feuilles.pdf"),
        ("New document 2", "Invoices and receipts", "factures.pdf"),
    ):
        document = page.get_by_role("group", name=ui[group], exact=True)
        document.get_by_label(field_label(ui["Type of document"])).select_option(
            label=ui[document_type]
        )
        document.get_by_label(
            field_label(ui["File (PDF, JPEG or PNG, 10 MB at most)"])
        ).set_input_files({"name": name, "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name=ui["Save and submit"]).click()
    expect(page.get_by_role("status")).to_contain_text(ui["Your request has been submitted."])
    request = TrancheRequest.objects.get(tranche__agreement=agreement)
    assert request.status == TrancheRequest.Status.SUBMITTED
    assert (request.expense_lines.count(), request.documents.count()) == (1, 2)

    # The programme officer reviews it: the figure items are computed from the frozen
    # evidence; the two judgement items are answered, and each unmet figure item (here at
    # least the sample, never drawn) passes only with a written justification.
    page = sign_in(new_page, language, "officer@tamkeen.test")
    page.get_by_role("navigation").get_by_role("link", name=ui["Agreements"]).click()
    page.get_by_role("link", name=agreement.reference).click()
    page.get_by_role("link", name=ui["Review the request"]).click()
    answers = page.get_by_role("radio", name=ui["Met"], exact=True)
    expect(answers).to_have_count(2)  # narrative and financial reports: the officer's judgement
    for answer in answers.all():
        answer.check()
    overrides = page.get_by_role("checkbox", name=ui["Override: pass this item anyway"])
    assert overrides.count() >= 1
    justifications = page.get_by_label(ui["Justification (required to override)"])
    for index, override in enumerate(overrides.all()):
        override.check()
        justifications.nth(index).fill("Vérifié sur place lors de la visite du 12 mars.")
    page.get_by_role("radio", name=ui["Approve"], exact=True).check()
    page.get_by_role("button", name=ui["Record the decision"]).click()
    expect(page.get_by_role("status")).to_contain_text(ui["Your decision has been recorded."])
    tranche = Tranche.objects.get(agreement=agreement, number=2)
    assert tranche.status == Tranche.Status.APPROVED

    # An auditor asks for the evidence pack and downloads it.
    page = sign_in(new_page, language, "auditor@tamkeen.test")
    page.get_by_role("navigation").get_by_role("link", name=ui["Agreements"]).click()
    page.get_by_role("link", name=agreement.reference).click()
    page.get_by_role("button", name=ui["Prepare the evidence pack"]).click()
    download_link = page.get_by_role("link", name=ui["Download the pack (ZIP)"])
    expect(download_link).to_be_visible(timeout=30_000)  # the page refreshes until it is built
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename == f"evidence-{agreement.reference}.zip"
    with open(download.path(), "rb") as handle:
        body = handle.read()
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
        folder = "requests/2-v1"
        expected = {
            "summary.pdf",
            "live/evidence.json",
            "live/sessions.csv",
            "live/attendance.csv",
            "live/certificates.csv",
            f"{folder}/snapshot.json",
            f"{folder}/narrative_report.md",
            f"{folder}/financial_report.csv",
            "chains.csv",
            "manifest.json",
            "manifest.jws",
        }
        assert expected <= names, sorted(names)
        assert {name.rsplit("/", 1)[0] for name in names if "/documents/" in name} == {
            f"{folder}/documents/attendance_sheets",
            f"{folder}/documents/invoices",
        }
        assert archive.read("summary.pdf").startswith(b"%PDF")
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["agreement"] == agreement.reference
        assert set(manifest["files"]) == names - {"manifest.json", "manifest.jws"}
        narrative = archive.read(f"{folder}/narrative_report.md").decode()
        assert "Salle Dar Chabab" in archive.read(f"{folder}/financial_report.csv").decode()
        assert all(f"— {number}" in narrative for number in range(4))
    pack = EvidencePack.objects.get(agreement=agreement)
    assert (pack.status, pack.sha256) == (
        EvidencePack.Status.READY,
        hashlib.sha256(body).hexdigest(),
    )
    # The pack downloaded verifies with the platform's published keys (docs/evidence.md).
    report = verify_pack(io.BytesIO(body), jwks=published_jwks())
    assert report.ok, report.text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_coordinator_enrolls_members_from_a_file(new_page, content, member_association, language):
    ui = UI[language]
    coordinator = demo_account(
        "coordinator@tamkeen.test", member_association, Membership.Role.ADMIN
    )
    member = demo_account("learner@tamkeen.test", member_association, Membership.Role.MEMBER)
    people = (
        "الاسم الكامل;البريد الإلكتروني\n"
        f"{member.full_name_ar};{member.email}\n"
        "Nadia Idrissi;nadia.idrissi@example.org\n"
    ).encode()

    page = sign_in(new_page, language, coordinator.email, viewport=PHONE)
    page.locator(".site-menu-toggle").click()  # on a phone the menu folds behind its button
    page.get_by_role("navigation").get_by_role("link", name=ui["My members"]).click()
    page.get_by_role("link", name=ui["Enroll members from a file"]).click()
    # The course list names each course as written (the catalogue shows the Arabic original).
    page.get_by_label(field_label(ui["Course"])).select_option(label=COURSE["ar"]["title"])
    page.get_by_label(field_label(ui["List of people (CSV or XLSX)"])).set_input_files(
        {"name": "membres.csv", "mimeType": "text/csv", "buffer": people}
    )
    page.get_by_role("button", name=ui["Check the file"]).click()

    report = page.get_by_role("region", name=ui["Check before importing"])
    expect(report.get_by_role("row")).to_have_count(3)  # the header and the two people
    expect(report).to_contain_text("nadia.idrissi@example.org")
    page.get_by_role("button", name=ui["Import 2 rows"]).click()

    expect(page.get_by_role("status")).to_contain_text(ui["1 enrolled, 1 invited, 0 skipped."])
    pending = page.get_by_role("region", name=ui["Invited, not yet joined"])
    expect(pending).to_contain_text("nadia.idrissi@example.org")
    assert Enrollment.objects.filter(learner=member, course=content.course["ar"]).exists()
    assert Invitation.objects.filter(email="nadia.idrissi@example.org").exists()
