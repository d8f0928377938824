"""HTML to PDF with WeasyPrint, for every PDF the platform draws (certificates, attendance
sheets, evidence-pack summaries)."""

from __future__ import annotations

import functools

from django.conf import settings


@functools.cache
def _font_config():
    """One font configuration per process: WeasyPrint otherwise builds a new one, and looks the
    fonts up again, for every PDF (about a third of the time of drawing a certificate)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy: imported only where a PDF is drawn

    return HTML(string=html, base_url=settings.SITE_URL).write_pdf(font_config=_font_config())
