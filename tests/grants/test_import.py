"""The bulk import of agreements: reading CSV and XLSX, checking each row, the preview, the
confirmation that writes everything or nothing, and re-importing the same file."""

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from grants.imports import COLUMNS, TEMPLATE_EXAMPLE, parse_amount, parse_date
from grants.models import Agreement, AgreementImport, AuditLog, Tranche, rib_with_key
from grants.services import imports as import_services
from organisations.models import Membership, Organisation
from tests.factories.grants import AgreementFactory, ProgrammeFactory
from tests.factories.organisations import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _row(**changes):
    row = dict(TEMPLATE_EXAMPLE)
    row.update(changes)
    return row


def csv_bytes(rows, *, delimiter=",", bom=False):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row.get(name, "") for name in COLUMNS])
    data = buffer.getvalue().encode()
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([row.get(name, "") for name in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data, name="agreements.csv"):
    return SimpleUploadedFile(name, data)


@pytest.fixture
def programme(funder):
    return ProgrammeFactory(
        funder=funder,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        plan=[
            (1, Decimal("40"), "signature"),
            (2, Decimal("30"), "verified"),
            (3, Decimal("30"), "verified"),
        ],
    )


def receive(programme, officer, data, name="agreements.csv"):
    return import_services.import_file_receive(
        programme=programme, by=officer, upload=upload(data, name)
    )


def confirm(programme, officer, received):
    return import_services.agreements_import(
        programme=programme,
        by=officer,
        sha256=received["sha256"],
        extension=received["extension"],
        file_name=received["name"],
    )


# --- Reading values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("150000", Decimal("150000")),
        ("150 000,00", Decimal("150000.00")),
        ("150000.00", Decimal("150000.00")),
        ("150\u00a0000,50", Decimal("150000.50")),
        ("150.000,00", Decimal("150000.00")),
        ("150,000.00", Decimal("150000.00")),
    ],
)
def test_amounts_are_read_as_people_write_them(text, amount):
    assert parse_amount(text) == amount


def test_dates_are_read_in_iso_and_french_order():
    assert parse_date("2025-02-01") == datetime.date(2025, 2, 1)
    assert parse_date("01/02/2025") == datetime.date(2025, 2, 1)
    with pytest.raises(ValueError):
        parse_date("02/31/2025")


# --- A good file ------------------------------------------------------------------------------


def test_a_good_file_creates_agreements_associations_and_tranches_by_the_plan(programme, officer):
    existing = OrganisationFactory(registration_number="RC-EXIST")
    rows = [
        _row(),
        _row(
            reference="2025-DG-002",
            association_registration_number="RC-EXIST",
            association_name_ar="",
            association_name_fr="",
            amount_mad="200000",
            rib=rib_with_key("0077800000000987654321"),
        ),
    ]
    received = receive(programme, officer, csv_bytes(rows))
    report = received["report"]
    assert [row.status for row in report.rows] == ["create", "create"]
    assert report.associations_to_create == 1
    assert not Agreement.objects.exists()  # the preview writes nothing

    record = confirm(programme, officer, received)

    assert (record.created, record.unchanged, record.associations_created) == (2, 0, 1)
    first = Agreement.objects.get(reference="2025-DG-001")
    assert first.amount == Decimal("150000.00")
    assert first.association.registration_number == "RC-12345"
    assert first.association.name_ar == "جمعية المثال للتنمية"
    assert first.association.kind == Organisation.Kind.TRAINER
    assert first.association.province.name_fr == "Rabat"
    assert first.target_women_share == Decimal("0.40")
    assert first.rib == TEMPLATE_EXAMPLE["rib"]
    assert [(t.number, t.share, t.amount) for t in first.tranches.order_by("number")] == [
        (1, Decimal("40.00"), Decimal("60000.00")),
        (2, Decimal("30.00"), Decimal("45000.00")),
        (3, Decimal("30.00"), Decimal("45000.00")),
    ]
    assert first.tranches.get(number=1).status == Tranche.Status.PAYABLE
    assert Agreement.objects.get(reference="2025-DG-002").association == existing
    assert AuditLog.objects.filter(action="agreement_import.confirmed").count() == 1
    assert AuditLog.objects.filter(action="agreement.created", actor=officer).count() == 2


def test_semicolons_a_byte_order_mark_and_french_dates_are_tolerated(programme, officer):
    row = _row(signed_on="15/01/2025", starts_on="01/02/2025", ends_on="31/01/2026")
    received = receive(programme, officer, csv_bytes([row], delimiter=";", bom=True))
    assert received["report"].ok
    confirm(programme, officer, received)
    assert Agreement.objects.get().starts_on == datetime.date(2025, 2, 1)


def test_an_xlsx_file_is_read(programme, officer):
    received = receive(programme, officer, xlsx_bytes([_row()]), "agreements.xlsx")
    assert received["report"].ok
    confirm(programme, officer, received)
    assert Agreement.objects.filter(reference="2025-DG-001").exists()


def test_regions_are_found_by_code_and_by_arabic_name(programme, officer):
    rows = [
        _row(region="04"),
        _row(
            reference="2025-DG-002",
            association_registration_number="RC-2",
            region="الرباط سلا القنيطرة",
        ),
    ]
    report = receive(programme, officer, csv_bytes(rows))["report"]
    assert report.ok, [row.problems for row in report.rows]


# --- Bad rows ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount_mad": "0"}, "positive amount in MAD"),
        ({"amount_mad": "-5000"}, "positive amount in MAD"),
        ({"amount_mad": "beaucoup"}, "is not an amount in MAD"),
        ({"region": "Atlantide"}, "Unknown region"),
        ({"rib": "181000000001234567890119"}, "check key is wrong"),
        ({"rib": "1234"}, "24 digits"),
        ({"starts_on": "2024-06-01"}, "starts before its programme"),
        ({"ends_on": "2027-06-01"}, "ends after its programme"),
        ({"signed_on": "yesterday"}, "is not a date"),
        ({"target_sessions": "ten"}, "is not a whole number"),
        ({"project_title_fr": ""}, "project_title_fr is empty"),
        ({"association_name_fr": ""}, "give its names in Arabic and French"),
        ({"province": ""}, "needs its province"),
        ({"province": "Tiznit"}, "is not in the region"),
    ],
)
def test_a_bad_row_is_refused_with_a_clear_message_and_nothing_is_written(
    programme, officer, changes, message
):
    received = receive(programme, officer, csv_bytes([_row(**changes)]))
    row = received["report"].rows[0]
    assert row.status == "error"
    assert any(message in problem for problem in row.problems), row.problems
    with pytest.raises(ValidationError, match="nothing was imported"):
        confirm(programme, officer, received)
    assert not Agreement.objects.exists()
    assert not Organisation.objects.filter(registration_number="RC-12345").exists()
    assert not AgreementImport.objects.exists()


def test_one_bad_row_stops_the_whole_file(programme, officer):
    rows = [
        _row(),
        _row(reference="2025-DG-002", association_registration_number="RC-2", amount_mad="0"),
    ]
    received = receive(programme, officer, csv_bytes(rows))
    assert [row.status for row in received["report"].rows] == ["create", "error"]
    with pytest.raises(ValidationError):
        confirm(programme, officer, received)
    assert not Agreement.objects.exists()


def test_a_reference_twice_in_the_file_is_refused(programme, officer):
    rows = [_row(), _row(association_registration_number="RC-2")]
    row = receive(programme, officer, csv_bytes(rows))["report"].rows[1]
    assert row.status == "error"
    assert "already on line 2" in " ".join(row.problems)


def test_a_reference_taken_by_another_agreement_with_other_values_is_an_error(programme, officer):
    AgreementFactory(programme=programme, reference="2025-DG-001")
    row = receive(programme, officer, csv_bytes([_row()]))["report"].rows[0]
    assert row.status == "error"
    assert "already exists with other values" in " ".join(row.problems)


def test_the_file_must_be_what_its_name_says(programme, officer):
    with pytest.raises(ValidationError) as error:
        receive(programme, officer, csv_bytes([_row()]), "agreements.xlsx")
    assert error.value.code == "extension_mismatch"
    with pytest.raises(ValidationError) as error:
        receive(programme, officer, xlsx_bytes([_row()]), "agreements.csv")
    assert error.value.code == "extension_mismatch"
    with pytest.raises(ValidationError):
        receive(programme, officer, b"PK\x03\x04not a workbook at all", "agreements.xlsx")


def test_a_file_without_the_required_columns_is_refused(programme, officer):
    with pytest.raises(ValidationError, match="missing: .*amount_mad"):
        receive(programme, officer, b"reference,association_registration_number\nA,B\n")


def test_a_file_over_the_row_cap_is_refused(programme, officer, settings):
    from grants import imports

    settings.UPLOAD_MAX_BYTES = {"import": 2 * 1024 * 1024}
    rows = [_row(reference=f"R-{n}") for n in range(imports.MAX_ROWS + 1)]
    with pytest.raises(ValidationError, match="more than"):
        receive(programme, officer, csv_bytes(rows))


# --- Re-import --------------------------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing(programme, officer):
    data = csv_bytes(
        [
            _row(),
            _row(
                reference="2025-DG-002",
                association_registration_number="RC-2",
                association_name_fr="B",
                association_name_ar="ب",
            ),
        ]
    )
    confirm(programme, officer, receive(programme, officer, data))
    counts = (Agreement.objects.count(), Organisation.objects.count(), Tranche.objects.count())
    audit = AuditLog.objects.count()

    again = receive(programme, officer, data)
    assert [row.status for row in again["report"].rows] == ["unchanged", "unchanged"]
    with pytest.raises(ValidationError, match="imported already"):
        confirm(programme, officer, again)

    assert (
        Agreement.objects.count(),
        Organisation.objects.count(),
        Tranche.objects.count(),
    ) == counts
    assert AuditLog.objects.count() == audit
    assert AgreementImport.objects.count() == 1


def test_a_file_with_one_new_row_imports_only_that_row(programme, officer):
    confirm(programme, officer, receive(programme, officer, csv_bytes([_row()])))
    second = _row(reference="2025-DG-002", association_registration_number="RC-12345")
    received = receive(programme, officer, csv_bytes([_row(), second]))
    assert [row.status for row in received["report"].rows] == ["unchanged", "create"]
    record = confirm(programme, officer, received)
    assert (record.created, record.unchanged, record.associations_created) == (1, 1, 0)


# --- Who may import ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Membership.Role.FINANCE, Membership.Role.AUDITOR])
def test_finance_and_auditors_may_not_import(programme, funder, role):
    with pytest.raises(PermissionDenied):
        receive(programme, member_of(funder, role), csv_bytes([_row()]))


def test_an_officer_of_another_funder_may_not_import(programme):
    stranger = member_of(OrganisationFactory(funder=True), Membership.Role.OFFICER)
    with pytest.raises(PermissionDenied):
        receive(programme, stranger, csv_bytes([_row()]))


# --- Through the pages ------------------------------------------------------------------------


def test_the_officer_previews_then_confirms_on_the_pages(client, programme, officer):
    client.force_login(officer)
    url = reverse("grants:import_upload", args=[programme.pk])
    response = client.post(url, {"file": upload(csv_bytes([_row()]))})
    assert response.status_code == 200
    assert response.context["report"].ok
    assert b"2025-DG-001" in response.content
    assert not Agreement.objects.exists()
    sha256 = response.context["received"]["sha256"]

    response = client.post(
        reverse("grants:import_confirm", args=[programme.pk]), {"sha256": sha256}
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(reference="2025-DG-001")
    assert agreement.tranches.count() == 3
    page = client.get(reverse("grants:programme_detail", args=[programme.pk]))
    assert "2025-DG-001" in page.content.decode()


def test_the_preview_lists_each_bad_row_with_its_message(client, programme, officer):
    client.force_login(officer)
    data = csv_bytes(
        [
            _row(amount_mad="0"),
            _row(reference="X-2", association_registration_number="RC-2", region="Atlantide"),
        ]
    )
    response = client.post(
        reverse("grants:import_upload", args=[programme.pk]), {"file": upload(data)}
    )
    content = response.content.decode()
    assert "positive amount in MAD" in content
    assert "Unknown region" in content
    assert "grants:import_confirm" not in content and 'name="sha256"' not in content


def test_a_confirmation_without_the_uploaded_file_in_the_session_writes_nothing(
    client, programme, officer
):
    client.force_login(officer)
    response = client.post(
        reverse("grants:import_confirm", args=[programme.pk]), {"sha256": "0" * 64}
    )
    assert response.status_code == 302
    assert not Agreement.objects.exists()


def test_the_import_page_is_forbidden_to_finance(client, programme, finance):
    client.force_login(finance)
    assert client.get(reverse("grants:import_upload", args=[programme.pk])).status_code == 403


def test_the_page_refuses_a_file_that_is_not_its_declared_type(client, programme, officer):
    client.force_login(officer)
    response = client.post(
        reverse("grants:import_upload", args=[programme.pk]),
        {"file": upload(csv_bytes([_row()]), "agreements.xlsx")},
    )
    assert response.status_code == 200
    assert response.context["report"] is None
    assert "content is CSV" in response.content.decode()


def test_the_template_download_has_every_column(client, officer):
    client.force_login(officer)
    response = client.get(reverse("grants:import_template"))
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].split(";") == COLUMNS
    assert response["Content-Disposition"].startswith("attachment")


# --- The shipped files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["agreements-import-template.csv", "agreements-import-template.xlsx"]
)
def test_the_shipped_template_imports_cleanly(programme, officer, name):
    received = receive(programme, officer, (DOCS / name).read_bytes(), name)
    assert received["report"].ok, [row.problems for row in received["report"].rows]


def test_the_demo_file_imports_into_a_demo_like_programme(funder, officer):
    from organisations.models import Province

    rabat = Province.objects.get(name_fr="Rabat")
    for number in ("DEMO-T-001", "DEMO-T-002"):
        OrganisationFactory(registration_number=number, province=rabat, region=rabat.region)
    programme = ProgrammeFactory(funder=funder, year=2023)
    name = "demo-agreements-import.csv"
    received = receive(programme, officer, (DOCS / name).read_bytes(), name)
    assert received["report"].ok, [row.problems for row in received["report"].rows]
    record = confirm(programme, officer, received)
    assert (record.created, record.associations_created) == (5, 3)
