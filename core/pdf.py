"""HTML to PDF with WeasyPrint, for every PDF the platform draws (certificates, attendance
sheets, evidence-pack summaries).

The fonts come with the install, not from the machine: Amiri (Arabic, a Naskh face with static
regular and bold files) and Noto Sans (Latin), both OFL, from the PyPI packages
``fontpkg-amiri`` and ``fontpkg-noto-sans``, found at run time
through ``fontpkg`` (which reads each package's files with importlib.resources) and declared
here, in one place, as ``@font-face`` rules under the two family names below. The templates name
only those families, so a PDF drawn on a machine without Debian's fonts-noto-core, or with other
versions of it, has the same glyphs, the same line breaks and the same text layer. The names are
our own so that a system font of the same name can never be taken instead.
"""

from __future__ import annotations

import atexit
import functools
import shutil

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Family name in the templates -> fontpkg family shipped as a dependency (pyproject.toml).
# Arabic is static Amiri: WeasyPrint 70 draws the variable Noto Sans Arabic correctly but writes
# a wrong text layer for it (pdftotext reads letters swapped and split), which Amiri does not.
ARABIC_FAMILY = "Tamkeen Amiri"
LATIN_FAMILY = "Tamkeen Noto Sans"
PDF_FONTS = {ARABIC_FAMILY: "amiri", LATIN_FAMILY: "noto-sans"}


def _css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@functools.cache
def font_face_css() -> str:
    """The ``@font-face`` rules of the shipped fonts, pointing at the installed files.

    Only the upright faces: no PDF sets italic text, and WeasyPrint copies every declared file
    into a temporary folder per process. A variable font is declared once, without
    ``font-weight``: Fontconfig then offers its named instances, Pango picks the weight the text
    asks for, and WeasyPrint embeds that instance."""
    import fontpkg

    rules = []
    for family_name, package_family in PDF_FONTS.items():
        try:
            family = fontpkg.family(package_family)
        except fontpkg.FamilyNotInstalled as error:
            raise ImproperlyConfigured(
                f"The PDF font package for {package_family!r} is not installed "
                f"(pip install fontpkg-{package_family}; it is a dependency in pyproject.toml)."
            ) from error
        for font in family.files:
            if font.style != "normal":
                continue
            descriptors = [
                f"font-family: {_css_string(family_name)}",
                f"src: url({_css_string(font.path.resolve().as_uri())}) format('truetype')",
                f"font-style: {font.style}",
            ]
            if not font.variable and font.weight:
                descriptors.append(f"font-weight: {font.weight}")
            rules.append("@font-face { " + "; ".join(descriptors) + "; }")
    return "\n".join(rules)


@functools.cache
def _font_config():
    """One font configuration per process: WeasyPrint otherwise builds a new one, and looks the
    fonts up again, for every PDF (about a third of the time of drawing a certificate)."""
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    atexit.register(_remove_font_copies, config)
    return config


def _remove_font_copies(config) -> None:
    """WeasyPrint copies each @font-face file into a temporary folder that its ``__del__``
    removes, which at interpreter exit comes too late (shutil is gone, the folder stays)."""
    folder = getattr(config, "_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        config._folder = None


@functools.cache
def _font_stylesheet():
    """The ``@font-face`` rules parsed once per process, which registers the font files with
    the font configuration above once (every new parse would copy them to a new temporary
    file and configure Fontconfig again)."""
    from weasyprint import CSS

    return CSS(string=font_face_css(), font_config=_font_config())


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy: imported only where a PDF is drawn

    return HTML(string=html, base_url=settings.SITE_URL).write_pdf(
        stylesheets=[_font_stylesheet()], font_config=_font_config()
    )
