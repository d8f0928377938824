"""In the room: the trainer shows the check-in code on a phone, a learner checks in from
their own phone, and the roll call shows them present."""

import pytest
from playwright.sync_api import expect

from courses.models import AttendanceRecord
from tests.factories.attendance import registered, session_now, staff

from .conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_learner_checks_in_with_the_code_on_the_trainers_screen(
    new_page, trainer_association, language
):
    session = session_now(association=trainer_association, title="Protection des données")
    trainer = staff(trainer_association)
    (learner,) = registered(session, full_name_ar="سلمى بناني", full_name_latin="Salma Bennani")

    screen = new_page(trainer, viewport=PHONE)
    screen.goto(f"/{language}/attendance/sessions/{session.pk}/qr/")
    expect(screen.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(screen.locator(".checkin-qr svg")).to_be_visible()
    code = screen.locator(".checkin-code__value").inner_text().strip()

    phone = new_page(learner, viewport=PHONE)
    phone.goto(f"/{language}/attendance/check-in/")
    phone.get_by_role("textbox").fill(code)
    phone.locator("main form button[type=submit]").click()
    expect(phone.locator("main h1")).to_be_visible()

    record = AttendanceRecord.objects.get(session=session)
    assert record.learner_id == learner.pk
    assert record.status == AttendanceRecord.Status.PRESENT

    screen.goto(f"/{language}/attendance/sessions/{session.pk}/roll-call/")
    name = "سلمى بناني" if language == "ar" else "Salma Bennani"
    expect(screen.get_by_text(name)).to_be_visible()
