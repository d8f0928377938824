"""axe-core on the pages people work in, beyond the public ones (test_accessibility.py): the
learner's check-in and certificates, the coordinator's members and import, and the agreement,
tranche request, review and evidence pack pages; in both languages, at phone and desktop
widths. No serious or critical violation, and the heading rules (best practices) hold."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from grants import services as grants_services
from grants.models import ReportSection
from grants.services import packs as pack_services
from organisations.models import Membership
from tests.factories.attendance import registered, session_now, staff
from tests.factories.organisations import member_of

from .conftest import DESKTOP, LANGUAGES, PDF, PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Axe()
BLOCKING = {"serious", "critical"}
HEADING_RULES = {"heading-order", "page-has-heading-one", "empty-heading"}
# Violations known and not fixed yet, as {(page, axe rule id): why}: they turn the test into an
# expected failure naming them, after every other page and rule has been checked.
KNOWN: dict[tuple[str, str], str] = {}


def _problems(page) -> list[tuple[str, str]]:
    found = []
    for viewport_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        for violation in AXE.run(page).response["violations"]:
            if violation["impact"] in BLOCKING or violation["id"] in HEADING_RULES:
                targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
                found.append(
                    (
                        violation["id"],
                        f"{violation['id']} ({violation['impact']}, {viewport_name}): "
                        f"{violation['help']} — {', '.join(targets)}",
                    )
                )
    return found


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("piece.pdf", PDF, content_type="application/pdf")


@pytest.fixture
def work_pages(
    content,
    funder,
    trainer_association,
    member_association,
    coordinator,
    agreement_with_first_tranche_paid,
):
    """{name: (path without the language, user)} for the pages people work in."""
    from tests.factories.certificates import CertificateFactory

    agreement = agreement_with_first_tranche_paid
    admin = member_of(trainer_association, Membership.Role.ADMIN)
    officer = member_of(funder, Membership.Role.OFFICER)
    auditor = member_of(funder, Membership.Role.AUDITOR)
    request = grants_services.tranche_request_create(
        tranche=agreement.tranches.get(number=2), by=admin
    )
    grants_services.tranche_request_update(
        request=request,
        by=admin,
        sections={kind: f"Texte : {kind}" for kind in ReportSection.Kind.values},
        expense_lines=[
            {"category": "venue", "label": "Salle", "amount": "1000.00", "receipt": _pdf()}
        ],
    )
    for document_type in agreement.programme.required_documents:
        grants_services.tranche_request_document_add(
            request=request, by=admin, document_type=document_type, upload=_pdf()
        )
    draft_edit = f"/grants/tranche-requests/{request.pk}/edit/"
    grants_services.tranche_request_submit(request=request, by=admin)
    pack = pack_services.evidence_pack_request(agreement=agreement, by=auditor)

    session = session_now(association=trainer_association, title="Protection des données")
    (learner,) = registered(session)
    CertificateFactory(learner=learner, course=content.course["ar"])
    trainer = staff(trainer_association)
    return {
        "check-in": ("/attendance/check-in/", learner),
        "my-certificates": ("/my-certificates/", learner),
        "verify": ("/verify/", None),
        "roll-call": (f"/attendance/sessions/{session.pk}/roll-call/", trainer),
        "members": (f"/learning/associations/{member_association.pk}/members/", coordinator),
        "import": (f"/learning/associations/{member_association.pk}/import/", coordinator),
        "agreements": ("/grants/agreements/", admin),
        "agreement": (f"/grants/agreements/{agreement.pk}/", admin),
        "request": (f"/grants/tranche-requests/{request.pk}/", admin),
        "request-edit": (draft_edit, admin),  # submitted: shows the request
        "review": (f"/grants/tranche-requests/{request.pk}/review/", officer),
        "evidence-pack": (f"/grants/packs/{pack.pk}/", auditor),
        "dashboard": ("/grants/dashboard/", officer),
    }


def _check(new_page, pages: dict, language: str) -> None:
    browsers = {}
    problems, known = [], set()
    for name, (path, user) in pages.items():
        if user not in browsers:
            browsers[user] = new_page(user)
        page = browsers[user]
        response = page.goto(f"/{language}{path}")
        assert response.ok, f"{name} ({path}): HTTP {response.status}"
        for rule, text in _problems(page):
            if (name, rule) in KNOWN:
                known.add((name, rule))
            else:
                problems.append(f"{name} ({path}): {text}")
    assert not problems, "\n".join(problems)
    if known:
        pytest.xfail("; ".join(f"{name}: {rule}: {KNOWN[(name, rule)]}" for name, rule in known))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_work_pages_have_no_serious_violation_and_ordered_headings(
    new_page, work_pages, language
):
    _check(new_page, work_pages, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_projected_check_in_screen_has_no_serious_violation(
    new_page, trainer_association, language
):
    session = session_now(association=trainer_association, title="Protection des données")
    trainer = staff(trainer_association)
    _check(new_page, {"check-in-qr": (f"/attendance/sessions/{session.pk}/qr/", trainer)}, language)
