"""The site search finds the public verification page (cms/search_shortcuts.py): for words that
ask for it in any of the site's languages, and for a typed certificate code, which opens that
certificate's verification."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils.translation import gettext as _

from cms.search_shortcuts import Shortcut

from .models.codes import code_display, code_normalize

# Lower-case stems, matched at the start of a word of the query.
WORDS = (
    "certificat",  # certificate, certificat, certification
    "attestation",
    "verif",  # verify, verification
    "vérif",
    "badge",
    "diplom",
    "diplôm",
    "شهاد",  # شهادة، شهادات
    "الشهاد",
    "تحقق",
    "التحقق",
)


def verification_shortcuts(query: str) -> list[Shortcut]:
    code = code_normalize(query.strip())
    if code:
        return [
            Shortcut(
                title=_("Verify certificate %(code)s") % {"code": code_display(code)},
                url=reverse("certificates:verify", args=[code]),
            )
        ]
    words = re.findall(r"\w+", query.casefold())
    if any(word.startswith(WORDS) for word in words):
        return [
            Shortcut(
                title=_("Verify a certificate"),
                url=reverse("certificates:verify_form"),
                text=_("Check with its code that a Tamkeen certificate is genuine and valid."),
            )
        ]
    return []
