"""The certificate PDF: Arabic and French on one page, with a QR code to the public
verification page. Arabic is shaped right to left by HarfBuzz inside WeasyPrint with the fonts
shipped with the install (Amiri and Noto Sans, core/pdf.py), whatever fonts the machine has."""

from __future__ import annotations

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.pdf import html_to_pdf

from .models import Certificate


def verification_url(code: str) -> str:
    """The short, language-less URL printed on the certificate and encoded in its QR code."""
    return settings.SITE_URL + reverse("certificates_public:verify_short", args=[code])


def qr_payload(certificate: Certificate) -> str:
    return verification_url(certificate.code)


def qr_data_uri(data: str) -> str:
    return segno.make(data, error="m").png_data_uri(scale=5, border=2)


def certificate_html(certificate: Certificate) -> str:
    url = qr_payload(certificate)
    with translation.override("ar"):
        return render_to_string(
            "certificates/certificate_pdf.html",
            {"certificate": certificate, "verification_url": url, "qr": qr_data_uri(url)},
        )


def certificate_pdf(certificate: Certificate) -> bytes:
    return html_to_pdf(certificate_html(certificate))
