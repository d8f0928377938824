"""Every PDF the platform draws uses the fonts shipped with the install (core/pdf.py), embedded,
and never a font the machine happens to have: the certificate, the attendance sheet and the
evidence-pack summary. Read with poppler's pdffonts and pdftotext, as a reader's tools would."""

import re
import shutil
import subprocess

import pytest

from certificates.pdf import certificate_pdf
from core import pdf
from courses.attendance.sheet import sheet_pdf
from grants.packs import summary_pdf
from grants.selectors import agreements_evidence
from organisations.models import Province
from tests.factories.accounts import UserFactory
from tests.factories.attendance import registered, session_now
from tests.factories.certificates import issued_certificate
from tests.factories.grants import AgreementFactory
from tests.factories.organisations import OrganisationFactory
from tests.grants.evidence_data import build

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (shutil.which("pdffonts") and shutil.which("pdftotext")),
        reason="pdffonts and pdftotext are not installed (Debian package poppler-utils)",
    ),
]

# The names WeasyPrint gives the embedded fonts: the family, its spaces as dashes, and the
# style and weight Pango picked ("Tamkeen-Amiri-Bold").
SHIPPED = tuple(family.replace(" ", "-") for family in pdf.PDF_FONTS)
# Lam-alef ligatures (لا, لأ, لإ), which a font without a right ToUnicode map reads back wrong.
VENUE = "دار الشباب الأمل"
NAME_AR = "عبد الإله العلوي"


def _poppler(tool: str, pdf_bytes: bytes, tmp_path, *args: str) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf_bytes)
    command = [shutil.which(tool), *args, str(path), "-"]
    if tool == "pdffonts":
        command.pop()
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


def _embedded_fonts(pdf_bytes: bytes, tmp_path) -> list[tuple[str, str]]:
    """(name without the subset tag, "yes"/"no" embedded) for each font of the document."""
    lines = _poppler("pdffonts", pdf_bytes, tmp_path).splitlines()[2:]  # two header lines
    fonts = []
    for line in lines:
        name, *_, emb, _sub, _uni, _object, _generation = line.split()
        fonts.append((name.split("+", 1)[-1], emb))
    return fonts


def _text(pdf_bytes: bytes, tmp_path) -> str:
    text = _poppler("pdftotext", pdf_bytes, tmp_path, "-enc", "UTF-8")
    return "".join(ch for ch in text if ch not in "\u202a\u202b\u202c\u202d\u202e")


def _assert_only_shipped_fonts(pdf_bytes: bytes, tmp_path) -> set[str]:
    fonts = _embedded_fonts(pdf_bytes, tmp_path)
    assert fonts, "no font in the PDF"
    strangers = [name for name, _ in fonts if not name.startswith(SHIPPED)]
    assert not strangers, f"fonts not shipped with the install: {strangers}"
    assert all(emb == "yes" for _, emb in fonts), fonts
    return {name for name, _ in fonts}


def _assert_both_families(names: set[str]) -> None:
    arabic, latin = SHIPPED
    assert any(name.startswith(arabic) for name in names), names
    assert any(name.startswith(latin) and not name.startswith(arabic) for name in names), names


def test_the_font_face_rules_point_at_the_installed_font_files():
    css = pdf.font_face_css()
    urls = re.findall(r'url\("file://([^"]+)"\)', css)
    assert len(urls) >= 2
    assert any(url.endswith("Amiri-Regular.ttf") for url in urls)
    assert any(url.endswith("Amiri-Bold.ttf") for url in urls)
    assert any("NotoSans%5B" in url for url in urls)  # the Latin upright face, [wdth,wght]
    for family in pdf.PDF_FONTS:
        assert f'font-family: "{family}"' in css


def test_the_certificate_embeds_the_shipped_fonts_only(tmp_path):
    learner = UserFactory(full_name_ar=NAME_AR, full_name_latin="Abdelilah Alaoui")
    certificate = issued_certificate(learner=learner)
    document = certificate_pdf(certificate)
    names = _assert_only_shipped_fonts(document, tmp_path)
    _assert_both_families(names)
    assert any("Bold" in name for name in names), "the name is printed in bold"
    text = _text(document, tmp_path)
    assert "Abdelilah Alaoui" in text and certificate.code_display in text
    assert NAME_AR in text  # the lam-alef of الإله read back as two letters, in order


def test_the_attendance_sheet_embeds_the_shipped_fonts_and_reads_the_venue_in_order(tmp_path):
    salé = Province.objects.get(name_fr="Salé")
    session = session_now(
        association=OrganisationFactory(name_ar="جمعية الأمل للتنمية"),
        title="حصة حماية المعطيات",
        venue=VENUE,
        province=salé,
    )
    registered(session, full_name_ar="فاطمة الزهراء بنعلي", full_name_latin="Fatima Benali")
    document = sheet_pdf(session=session)
    _assert_both_families(_assert_only_shipped_fonts(document, tmp_path))
    text = _text(document, tmp_path)
    assert f"{VENUE} · سلا" in text  # venue then province, each word in reading order
    assert "جمعية الأمل للتنمية" in text
    assert "فاطمة الزهراء بنعلي" in text and "Fatima Benali" in text


def test_the_evidence_pack_summary_embeds_the_shipped_fonts_only(tmp_path):
    agreement = AgreementFactory()
    build(agreement)
    evidence = agreements_evidence(agreements=[agreement])[agreement.pk]
    document = summary_pdf(agreement=agreement, evidence=evidence, flags_count=2)
    _assert_both_families(_assert_only_shipped_fonts(document, tmp_path))
    assert agreement.reference in _text(document, tmp_path)
