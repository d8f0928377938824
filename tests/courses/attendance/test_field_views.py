"""The field pages' server side: the web app manifest in each language, the service worker at
the root, the QR screen's next code for its script, the offline check-in page, and the words
the pages use for the check-in window."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from courses.attendance import checkin

from ...factories.attendance import registered, session_now

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "direction", "icon"), [("ar", "rtl", "tamkeen-ar"), ("fr", "ltr", "tamkeen-fr")]
)
def test_the_manifest_names_the_app_in_each_language(client, language, direction, icon):
    response = client.get(f"/{language}/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["lang"] == language
    assert manifest["dir"] == direction
    assert manifest["start_url"] == f"/{language}/my-learning/"
    assert manifest["display"] == "standalone"
    assert {i["sizes"] for i in manifest["icons"]} == {"192x192", "512x512"}
    assert all(icon in i["src"] for i in manifest["icons"])
    assert manifest["name"]


def test_the_service_worker_is_served_at_the_root_and_never_kept_stale(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert b'addEventListener("fetch"' in response.content
    assert client.post("/sw.js").status_code == 405


def test_the_qr_screen_has_no_meta_refresh_and_a_scalable_code(
    client, trainer_association, trainer
):
    session = session_now(association=trainer_association)
    client.force_login(trainer)
    page = client.get(reverse("attendance:qr", args=[session.pk])).content.decode()
    assert '<noscript><meta http-equiv="refresh"' in page  # only without a script
    assert 'viewBox="' in page
    assert checkin.window_message(session) in page


def test_the_qr_screen_says_when_check_in_opens(client, trainer_association, trainer):
    later = session_now(association=trainer_association, starts_in=timedelta(hours=3))
    client.force_login(trainer)
    page = client.get(reverse("attendance:qr", args=[later.pk])).content.decode()
    assert checkin.window_message(later) in page
    assert "data-qr-figure hidden" in page


def test_the_next_code_comes_as_json_to_the_sessions_staff_only(
    client, trainer_association, trainer, learner
):
    session = session_now(association=trainer_association)
    url = reverse("attendance:qr_current", args=[session.pk])
    client.force_login(learner)
    assert client.get(url).status_code == 403
    client.force_login(trainer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    state = response.json()
    assert state["code"] == checkin.code_make(session_id=session.pk)
    assert state["state"] == "open" and state["open"] is True
    assert "<svg" in state["qr"] and 1 <= state["refresh"] <= 30


def test_the_offline_check_in_page_needs_a_sign_in(client, learner):
    url = reverse("attendance:offline_check_in")
    assert client.get(url).status_code == 302
    client.force_login(learner)
    page = client.get(url)
    assert page.status_code == 200
    assert b"data-offline-check-in" in page.content
    assert b'id="offline-texts"' in page.content


def test_the_roll_call_refuses_a_change_of_a_corrected_mark_without_reason(
    client, trainer_association, trainer
):
    from courses.attendance.services import attendance_correct, attendance_mark
    from courses.models import AttendanceRecord

    session = session_now(association=trainer_association)
    (person,) = registered(session)
    record = attendance_mark(
        session=session, participant=person, status="absent", method="roll_call", by=trainer
    )
    attendance_correct(record=record, status="excused", reason="Malade", by=trainer)
    client.force_login(trainer)
    page = client.get(reverse("attendance:roll_call", args=[session.pk])).content.decode()
    assert f'id="reason-u{person.pk}"' in page
    url = reverse("attendance:mark", args=[session.pk])
    client.post(url, {"person": f"u{person.pk}", "status": "present"})
    assert AttendanceRecord.objects.current().get(learner=person).status == "excused"
    client.post(url, {"person": f"u{person.pk}", "status": "present", "reason": "Revenue"})
    assert AttendanceRecord.objects.current().get(learner=person).status == "present"


def test_the_roll_call_says_marks_wait_for_the_window(client, trainer_association, trainer):
    later = session_now(association=trainer_association, starts_in=timedelta(days=9))
    registered(later)
    client.force_login(trainer)
    page = client.get(reverse("attendance:roll_call", args=[later.pk])).content.decode()
    with translation.override("ar"):
        assert gettext("No mark can be taken before then.") in page
    assert "data-mark-all" not in page


def test_marking_from_a_sheet_stays_a_plain_form_not_the_offline_queue(
    client, trainer_association, trainer
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from courses.attendance.services import sheet_scan_upload

    from ...grants.helpers import PDF

    session = session_now(association=trainer_association)
    registered(session)
    scan = sheet_scan_upload(
        session=session,
        file=SimpleUploadedFile("sheet.pdf", PDF, content_type="application/pdf"),
        by=trainer,
    )
    client.force_login(trainer)
    url = reverse("attendance:roll_call", args=[session.pk])
    assert b"data-offline-queue" in client.get(url).content
    assert b"data-offline-queue" not in client.get(url, {"scan": scan.pk}).content


def test_the_evidence_page_shows_the_phone_time_of_an_offline_mark(
    client, trainer_association, trainer
):
    import uuid

    from django.utils import timezone

    from courses.attendance.services import attendance_sync

    session = session_now(association=trainer_association)
    (person,) = registered(session)
    now = timezone.now()
    attendance_sync(
        by=trainer,
        items=[
            {
                "key": uuid.uuid4().hex,
                "kind": "mark",
                "session": session.pk,
                "person": f"u{person.pk}",
                "status": "late",
                "marked_at": (now - timedelta(hours=2)).isoformat(),
                "sent_at": (now - timedelta(hours=2)).isoformat(),
            }
        ],
    )
    client.force_login(trainer)
    page = client.get(reverse("attendance:evidence", args=[session.pk])).content.decode()
    assert 'class="attendance__hint attendance__receipt"' in page  # the phone's time, beside
    assert 'data-flag="device_clock_off"' in page  # two hours off: flagged
