"""Headings a screen-reader user can navigate by: on every main page, in both languages, axe's
heading rules (best practices, which the serious/critical check in test_accessibility.py leaves
out) find nothing: one h1, no empty heading, and no level skipped on the way down."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import LANGUAGES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Axe()
HEADING_RULES = ["heading-order", "page-has-heading-one", "empty-heading"]


def _heading_violations(page) -> list[str]:
    options = {"runOnly": {"type": "rule", "values": HEADING_RULES}}
    found = []
    for violation in AXE.run(page, options=options).response["violations"]:
        for node in violation["nodes"]:
            found.append(f"{violation['id']}: {' '.join(map(str, node['target']))}")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_main_pages_headings_go_down_one_level_at_a_time(
    new_page, main_pages, learner, language
):
    pages = dict(main_pages(language))
    pages["my-certificates"] = (f"/{language}/my-certificates/", learner)
    browsers = {None: new_page(), learner: new_page(learner)}
    problems = []
    for name, (path, user) in pages.items():
        page = browsers[user]
        response = page.goto(path)
        assert response.ok, f"{path}: HTTP {response.status}"
        problems += [f"{name} ({path}): {text}" for text in _heading_violations(page)]
    assert not problems, "\n".join(problems)
