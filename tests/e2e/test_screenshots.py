"""Screenshots of the main pages at phone and desktop widths in both languages, for a person to
look at: saved under screenshots/ (git-ignored) as <language>-<page>-<width>.png."""

from pathlib import Path

import pytest
from django.conf import settings

from .conftest import DESKTOP, LANGUAGES, MAIN_PAGES, PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "screenshots"
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshots_of_the_main_pages(new_page, main_pages, language):
    SCREENSHOTS.mkdir(exist_ok=True)
    saved = []
    for name, (path, user) in main_pages(language).items():
        page = new_page(user)
        for width_name, viewport in VIEWPORTS.items():
            page.set_viewport_size(viewport)
            response = page.goto(path)
            assert response.ok, f"{path}: HTTP {response.status}"
            # Nothing may stick out sideways: a phone would scroll the whole page.
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} at {width_name} width is {overflow}px too wide"
            target = SCREENSHOTS / f"{language}-{name}-{width_name}.png"
            page.screenshot(path=str(target), full_page=True)
            saved.append(target)
        page.close()
    assert len(saved) == len(MAIN_PAGES) * len(VIEWPORTS)
    assert all(path.stat().st_size > 0 for path in saved)
