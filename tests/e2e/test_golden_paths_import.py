"""The funder runs its programme on the site: a programme officer signs in on the sign-in page,
opens the programme, imports the agreements of the shipped template file (upload, preview,
confirm), and finds them on the programme page with their tranche plan and on the funder's
dashboard.

The labels are the English ones: the new strings are not translated yet. Once they are, this
test gains the ar/fr parametrisation and a UI table like the other golden paths."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from grants.models import Agreement, AgreementImport
from organisations.models import Membership
from tests.factories.accounts import UserFactory
from tests.factories.grants import ProgrammeFactory
from tests.factories.organisations import MembershipFactory

from .conftest import PHONE, field_label

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Tamkeen-demo-2026"
TEMPLATE = Path(__file__).resolve().parents[2] / "docs" / "agreements-import-template.csv"
DEMO_FILE = Path(__file__).resolve().parents[2] / "docs" / "demo-agreements-import.csv"


def sign_in(new_page, email, viewport=None):
    page = new_page(viewport=viewport) if viewport else new_page()
    page.goto("/en/accounts/login/")
    page.get_by_label(field_label("Email")).fill(email)
    page.get_by_label(field_label("Password")).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign In").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    return page


@pytest.mark.parametrize(
    ("path", "viewport"), [(TEMPLATE, None), (DEMO_FILE, PHONE)], ids=["template", "demo-phone"]
)
def test_an_officer_imports_agreements_and_sees_them_with_their_tranche_plan(
    new_page, homes, funder, path, viewport
):
    # ``homes``: a new association gets its course section under the site's pages, and its
    # media collection under the root collection; a transactional test's flush removed both.
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    from organisations.models import Province
    from tests.factories.organisations import OrganisationFactory

    rabat = Province.objects.get(name_fr="Rabat")
    for number in ("DEMO-T-001", "DEMO-T-002"):  # the demo file names two demo associations
        OrganisationFactory(registration_number=number, province=rabat, region=rabat.region)
    programme = ProgrammeFactory(funder=funder, title_fr="Digitalisation 2025", year=2025)
    officer = UserFactory(email="officer@tamkeen.test", password=PASSWORD)
    MembershipFactory(user=officer, organisation=funder, role=Membership.Role.OFFICER)
    rows = len(path.read_text(encoding="utf-8-sig").strip().splitlines()) - 1

    page = sign_in(new_page, "officer@tamkeen.test", viewport)
    page.goto("/en/grants/programmes/")
    page.get_by_role("link", name="Digitalisation 2025").click()
    page.get_by_role("link", name="Import agreements").click()
    page.get_by_label(field_label("File of agreements (CSV or XLSX)")).set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()

    # The preview lists every row; nothing is written yet.
    preview = page.get_by_role("table")
    expect(preview.get_by_text("To create, with its tranches")).to_have_count(rows)
    assert not Agreement.objects.exists()
    page.get_by_role("button", name=re.compile(r"^Import \d+ agreements?$")).click()

    # The programme page lists the agreements, each with its tranche plan.
    expect(page.get_by_role("status")).to_contain_text(f"{rows} agreements imported")
    references = list(Agreement.objects.values_list("reference", flat=True))
    assert len(references) == rows
    assert AgreementImport.objects.get().created == rows
    for reference in references:
        row = page.get_by_role("row").filter(has=page.get_by_role("link", name=reference))
        expect(row).to_contain_text("1: 50.00%")
        expect(row).to_contain_text("2: 50.00%")

    # And the funder's dashboard shows them.
    page.goto(f"/en/grants/dashboard/?programme={programme.pk}")
    for reference in references:
        expect(page.get_by_role("link", name=reference)).to_be_visible()
