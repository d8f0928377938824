"""The layout: Arabic mirrors French, and every main page stays light on a phone's connection."""

import gzip

import pytest

from .conftest import DESKTOP, LANGUAGES, MAIN_PAGES, PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BRAND_NAME = {"ar": "تمكين، الصفحة الرئيسية", "fr": "Tamkeen, page d’accueil"}
MAX_PAGE_BYTES = 200 * 1024
NOT_COUNTED = {"image", "media"}  # images aside: HTML, CSS, JS (and any font) count


def _brand_edges(page, language) -> tuple[float, float, float]:
    """(gap to the left edge, gap to the right edge, width of the page) of the header's brand."""
    brand = page.get_by_role("banner").get_by_role("link", name=BRAND_NAME[language])
    box = brand.bounding_box()
    # The page's width without the scrollbar, which Chromium keeps on the right in both.
    width = page.evaluate("document.documentElement.clientWidth")
    return box["x"], width - (box["x"] + box["width"]), width


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_header_mirrors_in_arabic(new_page, homes, viewport):
    page = new_page(viewport=viewport)
    page.goto("/ar/")
    ar_left, ar_right, width = _brand_edges(page, "ar")
    page.goto("/fr/")
    fr_left, fr_right, _width = _brand_edges(page, "fr")

    assert ar_right < ar_left, "in Arabic the brand sits at the right edge"
    assert fr_left < fr_right, "in French the brand sits at the left edge"
    assert ar_right < width / 4 and fr_left < width / 4
    # Mirrored: the Arabic brand is as far from the right edge as the French one from the left.
    assert abs(ar_right - fr_left) <= 2, (ar_right, fr_left)


def _weight(page, path) -> int:
    """Bytes of everything but images that opening ``path`` fetches, each body gzipped as a
    server would send it."""
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(path, wait_until="networkidle")
    counted = [r for r in responses if r.request.resource_type not in NOT_COUNTED]
    kinds = {r.request.resource_type for r in counted}
    assert {"document", "stylesheet"} <= kinds, (path, kinds)
    return sum(len(gzip.compress(r.body())) for r in counted if r.status < 300)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_main_page_weighs_at_most_200_kb(new_page, main_pages, language):
    weights = {}
    for path, user in main_pages(language).values():
        page = new_page(user, viewport=PHONE)
        weights[path] = _weight(page, path)
        page.close()
    report = "\n".join(f"{size / 1024:7.1f} KB  {path}" for path, size in weights.items())
    assert len(weights) == len(MAIN_PAGES)
    assert max(weights.values()) <= MAX_PAGE_BYTES, f"over {MAX_PAGE_BYTES // 1024} KB:\n{report}"
