"""The one place that writes spreadsheets (CSV and XLSX) for people to open in Excel or
LibreOffice.

Every cell a user could have typed (a name at a walk-in desk, a course title, an expense
label) is neutralised against formula injection: a value starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return (or their full-width forms, which some spreadsheet
programs fold into the ASCII ones) gets a leading apostrophe, so ``=HYPERLINK(...)`` or
``=cmd|' /C calc'!A0`` stays text. XLSX cells also lose the control characters the format
cannot hold (openpyxl would refuse the whole file).

Nothing else in the project calls ``csv.writer`` or openpyxl's ``Workbook``: a test greps
the source to keep it so (tests/lms/test_formula_injection.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

# ASCII and full-width (U+FF1D, U+FF0B, U+FF0D, U+FF20) formula starters, tab, CR and LF.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def neutralise(value):
    """``value`` made safe for a spreadsheet cell: strings that a spreadsheet would read as a
    formula get a leading apostrophe; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_row(row: Iterable) -> list:
    return [neutralise(value) for value in row]


class SafeWriter:
    """A ``csv.writer`` whose every row (the header too) is neutralised."""

    def __init__(self, buffer, **options):
        self._writer = csv.writer(buffer, **options)

    def writerow(self, row: Iterable):
        return self._writer.writerow(neutralise_row(row))

    def writerows(self, rows: Iterable[Iterable]):
        for row in rows:
            self.writerow(row)


def csv_writer(buffer, **options) -> SafeWriter:
    return SafeWriter(buffer, **options)


def export_csv(*, header, rows) -> bytes:
    """A whole CSV file, UTF-8 with a byte-order mark (Excel then reads Arabic names)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv_writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def csv_chunks(header: list, rows: Iterable[list], *, every: int = 500) -> Iterator[bytes]:
    """The same CSV, yielded every ``every`` rows, for streaming into a ZIP or a response."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header)
    for index, row in enumerate(rows, 1):
        writer.writerow(row)
        if index % every == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _xlsx_cell(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = neutralise(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def export_xlsx(*, header, rows, title: str = "export") -> bytes:
    """A one-sheet workbook; every cell is written as a value, never as a formula."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([_xlsx_cell(value) for value in header])
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Wagtail's own spreadsheet exports --------------------------------------------------------


def guard_wagtail_exports() -> None:
    """Send every cell and heading of Wagtail's CSV/XLSX exports through ``neutralise``.

    Wagtail writes its exports itself (``wagtail.admin.views.mixins.SpreadsheetExportMixin``:
    the page explorer and every page listing, site history, the workflow, locked, aging and
    page-types reports, redirects, form submissions, snippet and model viewset listings), and
    a page title or a display name ``=HYPERLINK(...)`` reached the CSV as typed. Wagtail has
    no setting or hook for this; subclassing would mean re-routing each of those views and
    missing any a Wagtail upgrade adds. So, called once from ``CmsConfig.ready()``, this
    wraps the mixin's two documented per-value steps, ``preprocess_field_value`` (after any
    per-field or per-type preprocessing, so nothing is skipped) and ``get_heading`` (form
    field labels are typed by editors), on the mixin itself, which every export view
    inherits. Idempotent; tests/lms/test_wagtail_exports.py checks that no subclass
    overrides either step and that an export of a formula title starts with a quote."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_tamkeen_guarded", False):
        return
    preprocess = SpreadsheetExportMixin.preprocess_field_value
    heading = SpreadsheetExportMixin.get_heading

    def preprocess_field_value(self, field, value, export_format):
        value = preprocess(self, field, value, export_format)
        if export_format == SpreadsheetExportMixin.FORMAT_XLSX:
            return _xlsx_cell(value)  # also drops what openpyxl would refuse the file for
        return neutralise(value)

    def get_heading(self, queryset, field):
        return neutralise(heading(self, queryset, field))

    preprocess_field_value.__doc__ = preprocess.__doc__
    get_heading.__doc__ = heading.__doc__
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.get_heading = get_heading
    SpreadsheetExportMixin._tamkeen_guarded = True
