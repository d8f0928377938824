"""What learners do with a certificate outside the platform: add it to their LinkedIn profile
(LinkedIn's documented add-to-profile link, no API) and read its title in their language."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings

from .models import Certificate
from .pdf import verification_url

LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


def other_language(language: str) -> str:
    """The certificate's second language beside ``language``: Arabic, or French for Arabic."""
    return "fr" if language == "ar" else "ar"


def course_titles_for(certificate: Certificate, language: str) -> tuple[str, str]:
    """(title in ``language``, title in the other language or "" when it is the same)."""
    title = certificate.course_title_in(language)
    other = (certificate.course_titles or {}).get(other_language(language), "")
    return title, ("" if other == title else other)


def linkedin_add_url(certificate: Certificate, *, language: str | None = None) -> str:
    """LinkedIn's "add licence or certification" form, filled in."""
    language = language or settings.LANGUAGE_CODE
    issued = certificate.awarded_at or certificate.issued_at
    organisation = (
        certificate.association_name_ar
        if language == "ar"
        else certificate.association_name_fr or certificate.association_name_ar
    )
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.course_title_in(language),
        "organizationName": organisation,
        "issueYear": issued.year,
        "issueMonth": issued.month,
    }
    if certificate.valid_until:
        params["expirationYear"] = certificate.valid_until.year
        params["expirationMonth"] = certificate.valid_until.month
    params["certUrl"] = verification_url(certificate.code)
    params["certId"] = certificate.code_display
    return f"{LINKEDIN_ADD_TO_PROFILE}?{urlencode(params)}"
