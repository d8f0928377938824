"""Field work on a phone (#20), tested as it is used: a 390 x 844 screen, Arabic and French.

- the trainer opens the roll call online, the network goes (``context.set_offline(True)``),
  marks are taken and queued, the page is reloaded offline (the service worker serves it),
  the network returns, and every mark is recorded once, in order, the chain intact;
- the same for a learner's QR check-in scanned offline;
- the QR screen, screenshot at 390 x 844, decodes with zbarimg, and rotates without reloading;
- the field pages fit 320 and 390 px without sideways scrolling, and axe finds no serious or
  critical violation on them.
"""

import shutil
import subprocess
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from courses.attendance import checkin
from courses.attendance.flags import session_flags
from courses.attendance.services import attendance_chain_verify
from courses.models import AttendanceReceipt, AttendanceRecord
from tests.factories.attendance import registered, session_now, staff

from .conftest import LANGUAGES, PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Axe()
BLOCKING = {"serious", "critical"}
NAMES = [
    ("سلمى بناني", "Salma Bennani"),
    ("يوسف العلوي", "Youssef Alaoui"),
    ("نادية الإدريسي", "Nadia Idrissi"),
]


def _serious(page) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in AXE.run(page).response["violations"]
        if v["impact"] in BLOCKING
    ]


def _fits(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url}: {scroll} px wide on a {width} px screen"


def _until(page, script: str, arg=None, seconds: float = 20) -> None:
    """Poll ``script`` until it is true (``wait_for_function`` evaluates a string, which the
    site's Content-Security-Policy refuses)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"never true: {script}"
        page.wait_for_timeout(200)


def _controlled(page) -> None:
    """Wait until the service worker controls the page (it installs on the first visit)."""
    _until(
        page, "() => !!(navigator.serviceWorker && navigator.serviceWorker.controller)", seconds=45
    )


def _queued(page) -> int:
    return int(page.locator("[data-offline-status]").get_attribute("data-count") or 0)


def _tap(page, person, status: str) -> None:
    page.locator(f"#row-u{person.pk} button[value={status}]").click()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_roll_call_taken_offline_arrives_once_in_order(new_page, trainer_association, language):
    session = session_now(association=trainer_association, title="Atelier : les comptes")
    trainer = staff(trainer_association)
    people = [registered(session, full_name_ar=ar, full_name_latin=latin)[0] for ar, latin in NAMES]
    page = new_page(trainer, viewport=PHONE)
    url = f"/{language}/attendance/sessions/{session.pk}/roll-call/"
    page.goto(url)
    _controlled(page)
    page.reload()  # now through the service worker, which keeps the page
    _fits(page, PHONE["width"])
    assert not _serious(page)

    page.context.set_offline(True)
    first, second, third = people
    _tap(page, first, "present")
    _tap(page, second, "late")
    _tap(page, third, "absent")
    _tap(page, second, "present")  # a change in the room: a second link, in order
    expect(page.locator("[data-offline-status]")).to_have_attribute("data-count", "4")
    assert (
        page.locator(f"#row-u{second.pk} button[value=present]").get_attribute("aria-pressed")
        == "true"
    )
    assert not AttendanceRecord.objects.filter(session=session).exists()

    response = page.reload()  # offline: the kept copy answers
    assert response is not None and response.ok
    assert response.from_service_worker
    assert response.headers.get("x-kept-at"), "served from the kept copy, not the network"
    expect(page.locator("[data-offline-status]")).to_have_attribute("data-count", "4")
    expect(page.locator(f"#row-u{third.pk}")).to_have_attribute("data-queued", "true")
    assert not AttendanceRecord.objects.filter(session=session).exists()

    page.context.set_offline(False)
    expect(page.locator("[data-offline-status]")).to_have_attribute(
        "data-count", "0", timeout=30000
    )
    absent = page.locator(f"#row-u{third.pk} button[value=absent]").get_attribute("data-label")
    expect(page.locator(f"#row-u{third.pk} [data-status-label]")).to_have_text(absent)
    records = list(AttendanceRecord.objects.filter(session=session).order_by("pk"))
    assert [(r.learner_id, r.status) for r in records] == [
        (first.pk, "present"),
        (second.pk, "late"),
        (third.pk, "absent"),
        (second.pk, "present"),
    ]
    assert attendance_chain_verify(session=session) == []
    assert AttendanceReceipt.objects.filter(session=session).count() == 4
    assert "device_clock_off" not in {f.code for f in session_flags(session=session)}

    # Sending again (a second device tab, a retry after a lost answer) changes nothing.
    page.reload()
    expect(page.locator("[data-offline-status]")).to_have_attribute("data-count", "0")
    assert AttendanceRecord.objects.filter(session=session).count() == 4


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_check_in_scanned_offline_arrives_once(new_page, trainer_association, language):
    session = session_now(association=trainer_association, title="Atelier : les comptes")
    (learner,) = registered(session, full_name_ar="سلمى بناني", full_name_latin="Salma Bennani")
    phone = new_page(learner, viewport=PHONE)
    phone.goto(f"/{language}/attendance/check-in/")  # any page, signed in, installs the worker
    _controlled(phone)
    shell = f"/{language}/attendance/offline/check-in/"
    _until(
        phone,
        """shell => caches.keys()
            .then(names => Promise.all(names.map(n => caches.open(n)
              .then(c => c.match(shell, {ignoreVary: true})))))
            .then(found => found.some(Boolean))""",
        shell,
    )

    phone.context.set_offline(True)
    token = checkin.token_make(session_id=session.pk)
    response = phone.goto(f"/{language}/attendance/check-in/{token}/")
    assert response is not None and response.ok and response.from_service_worker
    _fits(phone, PHONE["width"])
    phone.locator("form[data-offline-check-in] button").click()
    expect(phone.locator("[data-offline-status]")).to_have_attribute("data-count", "1")
    assert not AttendanceRecord.objects.filter(session=session).exists()

    phone.context.set_offline(False)
    expect(phone.locator("[data-offline-status]")).to_have_attribute(
        "data-count", "0", timeout=30000
    )
    record = AttendanceRecord.objects.get(session=session)
    assert (record.learner_id, record.method, record.status) == (learner.pk, "qr", "present")
    assert attendance_chain_verify(session=session) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_signing_out_clears_what_the_phone_kept(new_page, trainer_association, language):
    session = session_now(association=trainer_association)
    registered(session)
    trainer = staff(trainer_association)
    page = new_page(trainer, viewport=PHONE)
    page.goto(f"/{language}/attendance/sessions/{session.pk}/roll-call/")
    _controlled(page)
    page.reload()
    assert page.evaluate("caches.keys().then(k => k.length)") > 0
    page.locator(".site-menu-toggle").click()
    with page.expect_navigation():
        page.locator("form[data-sign-out] button").click()
    page.wait_for_load_state("load")
    kept = page.evaluate("caches.keys().then(k => k.filter(n => n.startsWith('tamkeen-')).length)")
    assert kept == 0
    assert (
        page.evaluate(
            "indexedDB.databases().then(d => d.filter(x => x.name === 'tamkeen-field').length)"
        )
        == 0
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_qr_screen_decodes_from_a_phone_screenshot_and_rotates_in_place(
    new_page, trainer_association, language, settings, tmp_path
):
    zbarimg = shutil.which("zbarimg")
    if not zbarimg:
        pytest.skip("zbarimg is not installed (Debian package zbar-tools)")
    settings.ATTENDANCE_QR_ROTATION_SECONDS = 5
    session = session_now(association=trainer_association, title="Atelier : les comptes")
    trainer = staff(trainer_association)
    page = new_page(trainer, viewport=PHONE)
    page.goto(f"/{language}/attendance/sessions/{session.pk}/qr/")
    _fits(page, PHONE["width"])
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    shot = tmp_path / "qr.png"
    page.screenshot(path=str(shot))
    decoded = subprocess.run(  # noqa: S603 - a fixed program on our own screenshot
        [zbarimg, "--quiet", "--raw", str(shot)], capture_output=True, text=True, check=False
    )
    assert decoded.returncode == 0, decoded.stderr
    url = decoded.stdout.strip()
    assert f"/{language}/attendance/check-in/" in url
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert checkin.token_parse(token, session_id=session.pk)[0] == session.pk
    assert not _serious(page)

    page.evaluate("window.__samePage = true; document.querySelector('main a').focus()")
    code = page.locator("[data-qr-value]").inner_text()
    expect(page.locator("[data-qr-value]")).not_to_have_text(code, timeout=15000)
    assert page.evaluate("window.__samePage === true"), "the page reloaded"
    assert page.evaluate("document.activeElement === document.querySelector('main a')")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_field_pages_fit_a_phone_without_serious_violations(
    new_page, homes, trainer_association, language
):
    from tests.factories.courses import CoursePageFactory
    from tests.factories.learning import TrainingSessionFactory, section_for

    course = CoursePageFactory(parent=section_for(trainer_association))
    session = session_now(association=trainer_association, course=course, title="Atelier")
    learner, _other = registered(session, 2)
    trainer = staff(trainer_association)
    session.trainers.add(trainer)
    upcoming = TrainingSessionFactory(association=trainer_association, title="Prochain atelier")
    upcoming.trainers.add(trainer)
    pages = {
        trainer: [
            f"/attendance/sessions/{session.pk}/roll-call/",
            f"/attendance/sessions/{session.pk}/qr/",
            "/my-sessions/",
            f"/sessions/{upcoming.pk}/edit/",
            f"/sessions/{session.pk}/",
            f"/sessions/{session.pk}/roster/",
            f"/attendance/courses/{course.pk}/",
        ],
        learner: [
            "/attendance/check-in/",
            f"/sessions/{upcoming.pk}/",
            "/my-learning/attendance/",
            "/attendance/offline/check-in/",
        ],
    }
    problems = []
    for user, paths in pages.items():
        page = new_page(user, viewport=PHONE)
        for path in paths:
            for width in (320, 390):
                page.set_viewport_size({"width": width, "height": 844})
                response = page.goto(f"/{language}{path}")
                assert response.ok, f"{path}: HTTP {response.status}"
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if scroll > width:
                    problems.append(f"{path}: {scroll} px wide at {width} px")
                header = page.locator(".site-header").bounding_box()
                if header["height"] > 80:
                    problems.append(f"{path}: header {header['height']:.0f} px high at {width}")
            problems.extend(f"{path}: {text}" for text in _serious(page))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_roll_call_buttons_are_touch_sized_and_show_the_choice(
    new_page, trainer_association, language
):
    session = session_now(association=trainer_association)
    (person,) = registered(session)
    trainer = staff(trainer_association)
    page = new_page(trainer, viewport=PHONE)
    page.goto(f"/{language}/attendance/sessions/{session.pk}/roll-call/")
    buttons = page.locator(f"#row-u{person.pk} button[name=status]")
    for index in range(buttons.count()):
        box = buttons.nth(index).bounding_box()
        assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.locator(f"#row-u{person.pk} button[value=absent]").click()
    chosen = page.locator(f"#row-u{person.pk} button[value=absent]")
    expect(chosen).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-offline-status]")).to_have_attribute("data-count", "0")
    colour = chosen.evaluate("b => getComputedStyle(b).backgroundColor")
    plain = page.locator(f"#row-u{person.pk} button[value=present]").evaluate(
        "b => getComputedStyle(b).backgroundColor"
    )
    assert colour != plain
    assert AttendanceRecord.objects.get(session=session).status == "absent"
