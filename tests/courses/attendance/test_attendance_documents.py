"""The attendance sheet PDF and the CSV and XLSX exports."""

import csv
import io

import pytest
from django.urls import reverse

from courses.attendance.services import attendance_mark, walk_in_add
from courses.attendance.sheet import neutralise, sheet_html

from ...factories.attendance import registered, session_now
from ...factories.learning import course_with_lessons

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(trainer_association):
    return session_now(association=trainer_association, title="حصة حماية المعطيات")


def test_the_sheet_pdf_carries_the_arabic_names_as_text(client, session, trainer, pdf_to_text):
    registered(session, full_name_ar="فاطمة الزهراء بنعلي", full_name_latin="Fatima Benali")
    walk_in_add(session=session, by=trainer, name_ar="يوسف العلوي")
    client.force_login(trainer)
    response = client.get(reverse("attendance:sheet_pdf", args=[session.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_to_text(response.content)
    assert "فاطمة الزهراء بنعلي" in text
    assert "يوسف العلوي" in text
    assert "Fatima Benali" in text


def test_the_sheet_has_a_signature_column_and_a_qr_code(session):
    html = sheet_html(session=session)
    assert "Signature" in html and "data:image/svg+xml" in html


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+212600", "'+212600"),
        ("-1", "'-1"),
        ("@SUM", "'@SUM"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("سعاد", "سعاد"),
        (5, 5),
    ],
)
def test_spreadsheet_formulas_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_the_session_csv_export(client, session, trainer):
    person = registered(session, full_name_ar="=cmd|' /C calc'!A0")[0]
    attendance_mark(
        session=session, participant=person, status="present", method="roll_call", by=trainer
    )
    client.force_login(trainer)
    response = client.get(reverse("attendance:session_export", args=[session.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "session_id"
    assert rows[1][4] == "'=cmd|' /C calc'!A0"
    assert rows[1][8] == "present"


def test_the_course_xlsx_export(client, trainer_association, trainer, officer):
    from datetime import timedelta

    from openpyxl import load_workbook

    course = course_with_lessons(association=trainer_association, lessons=0)[0]
    session = session_now(
        association=trainer_association, course=course, starts_in=timedelta(days=-1)
    )
    walk_in_add(session=session, by=trainer, name_latin="@attack")
    client.force_login(officer)
    response = client.get(reverse("attendance:course_export", args=[course.pk, "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for cell in sheet[2]]
    assert values[5] == "'@attack"
    assert values[6] == "walk_in"


def test_the_course_export_is_refused_to_another_association(
    client, trainer_association, other_trainer_association
):
    from ...factories.attendance import staff

    course = course_with_lessons(association=trainer_association, lessons=0)[0]
    client.force_login(staff(other_trainer_association))
    response = client.get(reverse("attendance:course_export", args=[course.pk, "csv"]))
    assert response.status_code == 403
