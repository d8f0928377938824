"""Attendance pages: who may open them, the roll call, self check-in, scans, closing."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.attendance import checkin
from courses.attendance.services import attendance_mark
from courses.models import AttendanceRecord, AttendanceSheetScan, SessionReport

from ...factories.attendance import registered, session_now, staff
from ...grants.helpers import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(trainer_association):
    return session_now(association=trainer_association)


def _url(name, session, *args):
    return reverse(f"attendance:{name}", args=[session.pk, *args])


@pytest.mark.parametrize(
    "name", ["roll_call", "qr", "scans", "close", "evidence", "sheet_pdf", "session_export"]
)
def test_another_associations_trainer_is_refused(client, session, other_trainer_association, name):
    client.force_login(staff(other_trainer_association))
    args = ["csv"] if name == "session_export" else []
    assert client.get(_url(name, session, *args)).status_code == 403


def test_a_trainer_of_b_cannot_mark_a_session_of_a(client, session, other_trainer_association):
    person = registered(session)[0]
    client.force_login(staff(other_trainer_association))
    response = client.post(_url("mark", session), {"person": f"u{person.pk}", "status": "present"})
    assert response.status_code == 403
    assert not AttendanceRecord.objects.exists()


def test_a_learner_cannot_open_the_roll_call(client, session, learner):
    client.force_login(learner)
    assert client.get(_url("roll_call", session)).status_code == 403


def test_anonymous_people_are_sent_to_sign_in(client, session):
    assert client.get(_url("roll_call", session)).status_code == 302


def test_the_officer_sees_the_evidence_page(client, session, officer):
    client.force_login(officer)
    assert client.get(_url("evidence", session)).status_code == 200
    assert client.get(_url("roll_call", session)).status_code == 403


def test_the_roll_call_lists_and_marks_in_one_tap(
    client, session, trainer, django_assert_max_num_queries
):
    people = registered(session, 5)
    client.force_login(trainer)
    client.get(_url("roll_call", session))  # warm the session and user caches
    with django_assert_max_num_queries(12):
        response = client.get(_url("roll_call", session))
    assert response.status_code == 200
    assert response.content.decode().count('name="person"') == 5
    response = client.post(_url("mark", session), {"person": f"u{people[0].pk}", "status": "late"})
    assert response.status_code == 302
    response = client.post(
        _url("mark", session),
        {"person": f"u{people[1].pk}", "status": "present"},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.json()["status"] == "present"
    statuses = dict(AttendanceRecord.objects.values_list("learner_id", "status"))
    assert statuses == {people[0].pk: "late", people[1].pk: "present"}


def test_a_stranger_cannot_be_marked_through_a_forged_row(client, session, trainer, citizen):
    client.force_login(trainer)
    response = client.post(_url("mark", session), {"person": f"u{citizen.pk}", "status": "present"})
    assert response.status_code == 404


def test_adding_a_walk_in(client, session, trainer):
    client.force_login(trainer)
    response = client.post(
        _url("walk_in", session),
        {"name_ar": "خديجة", "name_latin": "Khadija", "gender": "female", "status": "present"},
    )
    assert response.status_code == 302
    record = AttendanceRecord.objects.get()
    assert record.participant.name_latin == "Khadija"
    assert client.post(_url("walk_in", session), {"status": "present"}).status_code == 400


def test_the_qr_screen_shows_an_svg_and_the_code(client, session, trainer):
    client.force_login(trainer)
    body = client.get(_url("qr", session)).content.decode()
    assert "<svg" in body
    window = checkin.current_window()  # the page may have been drawn in the previous one
    codes = {checkin.code_make(session_id=session.pk, window=w) for w in (window, window - 1)}
    assert any(code in body for code in codes)
    assert 'http-equiv="refresh"' in body


def test_scanning_then_confirming_checks_in_once(client, session, learner):
    client.force_login(learner)
    url = reverse("attendance:check_in_token", args=[checkin.token_make(session_id=session.pk)])
    page = client.get(url)
    assert page.status_code == 200
    assert not AttendanceRecord.objects.exists()  # looking changes nothing
    pass_value = re.search(r'name="pass" value="([^"]+)"', page.content.decode()).group(1)
    assert client.post(url, {"pass": pass_value}).context["created"] is True
    assert client.post(url, {"pass": pass_value}).context["created"] is False
    record = AttendanceRecord.objects.get()
    assert (record.learner, record.method) == (learner, "qr")


def test_a_forged_token_or_pass_is_refused(client, session, learner, citizen):
    client.force_login(learner)
    token = checkin.token_make(session_id=session.pk)
    forged = token[:-1] + ("1" if token.endswith("0") else "0")
    assert client.get(f"/ar/attendance/check-in/{forged}/").status_code == 400
    someone_elses = checkin.pass_make(session_id=session.pk, user_id=citizen.pk)
    url = reverse("attendance:check_in_token", args=[token])
    assert client.post(url, {"pass": someone_elses}).status_code == 400
    assert not AttendanceRecord.objects.exists()


def test_typing_the_code_checks_in(client, session, learner):
    client.force_login(learner)
    code = checkin.code_make(session_id=session.pk)
    response = client.post(reverse("attendance:check_in"), {"code": code.lower()})
    assert response.status_code == 200 and response.context["created"]
    assert AttendanceRecord.objects.get().method == "code"


def test_a_wrong_code_is_an_error_on_the_code_field(client, session, learner):
    client.force_login(learner)
    response = client.post(reverse("attendance:check_in"), {"code": "AAAAAA"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    html = response.content.decode()
    assert 'role="alert"' in html and 'aria-invalid="true"' in html
    assert not AttendanceRecord.objects.exists()


def test_check_in_attempts_are_rate_limited(client, session, learner, settings):
    settings.ATTENDANCE_RATE_LIMIT_PREFIX = f"views-{session.pk}"
    client.force_login(learner)
    statuses = [
        client.post(reverse("attendance:check_in"), {"code": "AAAAAA"}).status_code
        for _ in range(checkin.PER_PERSON.attempts + 1)
    ]
    assert statuses[-1] == 429 and 429 not in statuses[:-1]


def test_uploading_a_scan_checks_its_content(client, session, trainer):
    client.force_login(trainer)
    fake = SimpleUploadedFile("sheet.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    assert client.post(_url("scans", session), {"file": fake}).status_code == 400
    good = SimpleUploadedFile("scan.bin", PDF, content_type="application/octet-stream")
    assert client.post(_url("scans", session), {"file": good}).status_code == 302
    scan = AttendanceSheetScan.objects.get()
    assert scan.content_type == "application/pdf" and len(scan.sha256) == 64
    assert client.get(reverse("attendance:scan_file", args=[scan.pk])).status_code == 200


def test_a_scan_over_ten_megabytes_is_refused(session, trainer):
    from django.core.exceptions import ValidationError

    from courses.attendance.services import sheet_scan_upload

    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        sheet_scan_upload(session=session, file=big, by=trainer)
    assert error.value.code == "file_too_large"


def test_marking_from_a_scan_records_the_sheet(client, session, trainer):
    person = registered(session)[0]
    client.force_login(trainer)
    client.post(_url("scans", session), {"file": SimpleUploadedFile("s.pdf", PDF)})
    scan = AttendanceSheetScan.objects.get()
    assert client.get(_url("roll_call", session) + f"?scan={scan.pk}").status_code == 200
    client.post(
        _url("mark", session), {"person": f"u{person.pk}", "status": "present", "scan": scan.pk}
    )
    record = AttendanceRecord.objects.get()
    assert (record.method, record.sheet_scan) == ("sheet", scan)


def test_closing_a_session_from_its_page(client, session, trainer, member_association):
    client.force_login(trainer)
    response = client.post(
        _url("close", session),
        {
            "headcount": 14,
            "organisations_present": [member_association.pk],
            "report": "تمت الحصة في ظروف جيدة",
            "photos_consent": "on",
        },
    )
    assert response.status_code == 302
    report = SessionReport.objects.get(session=session)
    assert (report.headcount, report.photos_consent) == (14, True)


def test_a_correction_from_the_evidence_page(client, session, trainer):
    person = registered(session)[0]
    record = attendance_mark(
        session=session, participant=person, status="present", method="roll_call", by=trainer
    )
    client.force_login(trainer)
    client.post(
        _url("correct", session), {"record": record.pk, "status": "absent", "reason": "خطأ"}
    )
    latest = AttendanceRecord.objects.order_by("-pk").first()
    assert (latest.method, latest.supersedes_id, latest.status) == (
        "correction",
        record.pk,
        "absent",
    )
    assert client.get(_url("evidence", session)).status_code == 200
