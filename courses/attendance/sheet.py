"""Documents made from attendance: the printable sheet (PDF, Arabic and French), the QR codes of
the attendance pages (drawn server-side with segno: no script, no outside service), and the CSV
and XLSX exports."""

from __future__ import annotations

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from core import exports
from core.exports import FORMULA_PREFIXES, export_csv, neutralise  # noqa: F401 - re-exported
from core.pdf import html_to_pdf

from .selectors import session_roster_rows

# Rows left blank at the bottom of the sheet for people who were not registered.
BLANK_ROWS = 8


def qr_svg(data: str, *, scale: int = 6, fluid: bool = False, label: str = "") -> str:
    """An inline <svg> element (safe to place in a template): segno escapes nothing we pass
    from the user, the data is our own URL. ``fluid``: a viewBox and no fixed size, with the
    standard quiet zone of four modules, so CSS scales the whole code to the screen instead of
    cropping it (the check-in screen on a phone)."""
    if fluid:
        svg = segno.make(data, error="m").svg_inline(
            scale=scale,
            border=4,
            dark="#000",
            light="#fff",
            omitsize=True,
            svgclass="checkin-qr__code",
        )
        if label:
            from django.utils.html import escape

            svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
    else:
        svg = segno.make(data, error="m").svg_inline(
            scale=scale, border=2, dark="#000", light="#fff"
        )
    return mark_safe(svg)  # noqa: S308 - produced by segno from our own URL  # nosec B308 B703


def qr_data_uri(data: str, *, scale: int = 4) -> str:
    return segno.make(data, error="m").svg_data_uri(scale=scale, border=2)


def evidence_url(session) -> str:
    return settings.SITE_URL + reverse("attendance:evidence", args=[session.pk])


def sheet_html(*, session) -> str:
    rows = session_roster_rows(session=session)
    return render_to_string(
        "courses/attendance/sheet_pdf.html",
        {
            "session": session,
            "rows": rows,
            "blank_rows": range(len(rows) + 1, len(rows) + 1 + BLANK_ROWS),
            "qr": qr_data_uri(evidence_url(session)),
            "evidence_url": evidence_url(session),
            "printed_at": timezone.localtime(),
        },
    )


def sheet_pdf(*, session) -> bytes:
    """Render the sheet with WeasyPrint. Arabic is shaped by HarfBuzz with the Noto fonts
    (Debian: fonts-noto-core), which must be installed on the web and worker machines."""

    return html_to_pdf(sheet_html(session=session))


# --- Spreadsheet exports ---------------------------------------------------------------------

# Written by the project's one spreadsheet writer, core/exports.py (every cell neutralised
# against formula injection); ``neutralise`` and ``export_csv`` are re-exported from there.


def export_xlsx(*, header, rows, title: str = "attendance") -> bytes:
    return exports.export_xlsx(header=header, rows=rows, title=title)
