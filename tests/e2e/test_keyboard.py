"""Keyboard alone, in Arabic and in French: registering for a session and checking in by typing
the code. Only Tab, Enter, Space and typing; no click. Every control that takes the focus on
the way shows it (it matches :focus-visible and has an outline or a box shadow)."""

import re

import pytest
from playwright.sync_api import expect

from courses.models import AttendanceRecord, SessionRegistration
from tests.factories.attendance import registered, session_now, staff
from tests.factories.learning import TrainingSessionFactory

from .conftest import LANGUAGES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

UI = {
    "ar": {
        "Sessions": "الحصص",
        "Register": "التسجيل",
        "Your seat is confirmed.": "تم تأكيد مقعدكم.",
        "Code shown on the screen": "الرمز المعروض على الشاشة",
        "Checked in": "تم تسجيل الحضور",
    },
    "fr": {
        "Sessions": "Séances",
        "Register": "Valider l’inscription",
        "Your seat is confirmed.": "Votre place est confirmée.",
        "Code shown on the screen": "Code affiché à l’écran",
        "Checked in": "Présence enregistrée",
    },
}

# The focused element and whether a sighted keyboard user can see where the focus is.
FOCUS = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== "none";
  const label = (element.getAttribute("aria-label") || element.innerText || element.value
    || element.name || "").trim().slice(0, 60);
  return {
    element: `<${element.tagName.toLowerCase()}> ${label}`,
    visible: element.matches(":focus-visible") && (outline || shadow),
  };
}"""
MAX_TABS = 80


def tab_to(page, target) -> list[str]:
    """Press Tab until ``target`` has the focus, checking the focus is visible at each stop;
    returns the elements the focus went through."""
    path = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        assert focus is not None, f"the focus left the page after {path}"
        assert focus["visible"], f"the focus is not visible on {focus['element']}"
        path.append(focus["element"])
        if target.evaluate("element => element === document.activeElement"):
            return path
    raise AssertionError(f"{target} never got the focus in {MAX_TABS} tabs: {path}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_learner_registers_for_a_session_with_the_keyboard_alone(
    new_page, homes, trainer_association, learner, language
):
    ui = UI[language]
    session = TrainingSessionFactory(association=trainer_association, title="Atelier RGPD")
    page = new_page(learner)
    page.goto(f"/{language}/")

    tab_to(page, page.get_by_role("navigation").get_by_role("link", name=ui["Sessions"]))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/{language}/sessions/$"))
    tab_to(page, page.get_by_role("link", name="Atelier RGPD"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/{language}/sessions/{session.pk}/$"))
    tab_to(page, page.get_by_role("button", name=ui["Register"], exact=True))
    page.keyboard.press("Space")  # a button answers Space as well as Enter

    expect(page.get_by_role("status")).to_contain_text(ui["Your seat is confirmed."])
    assert SessionRegistration.objects.get(session=session, learner=learner).status == "confirmed"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_learner_checks_in_by_typing_the_code_with_the_keyboard_alone(
    new_page, trainer_association, language
):
    ui = UI[language]
    session = session_now(association=trainer_association, title="Protection des données")
    (learner,) = registered(session)
    screen = new_page(staff(trainer_association))
    screen.goto(f"/{language}/attendance/sessions/{session.pk}/qr/")
    # What the trainer's screen shows a learner without a camera: an address and a code.
    address = screen.locator(".checkin-code [dir=ltr]").first.inner_text().strip()
    code = screen.locator(".checkin-code__value").inner_text().strip()

    page = new_page(learner)
    page.goto(address)  # typed in the address bar
    tab_to(page, page.get_by_label(ui["Code shown on the screen"]))
    page.keyboard.type(code)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(ui["Checked in"])
    record = AttendanceRecord.objects.get(session=session)
    assert (record.learner_id, record.status) == (learner.pk, AttendanceRecord.Status.PRESENT)
