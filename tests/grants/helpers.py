"""Helpers shared by the grants tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from grants import services
from grants.models import DocumentType, ReportSection

# A real one-page PDF: uploads are parsed (core.uploads), a header alone is refused.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
)


def _image(format_: str) -> bytes:
    # A real image: uploads are decoded and re-encoded (core.uploads), a signature alone is refused.
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format_)
    return buffer.getvalue()


PNG = _image("PNG")
JPEG = _image("JPEG")


def pdf_file(name="document.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def fill_request(request, by, *, amount="1000.00", documents=None, claims=None):
    """A complete draft: every section, one expense line with its receipt, the documents
    (and the claimed figures, when given)."""
    services.tranche_request_update(
        request=request,
        by=by,
        claims=claims,
        sections={kind: f"Text for {kind}" for kind in ReportSection.Kind.values},
        expense_lines=[
            {
                "category": "venue",
                "label": "Salle",
                "amount": amount,
                "receipt": pdf_file("receipt.pdf"),
            }
        ],
    )
    for document_type in documents or [DocumentType.ATTENDANCE_SHEETS, DocumentType.INVOICES]:
        services.tranche_request_document_add(
            request=request, by=by, document_type=document_type, upload=pdf_file()
        )
    return request


OVERRIDE = "Checked on site with the association's attendance sheets."


def passing_checklist(programme, passed=True):
    """The officer's answers: every judgement item met (or not, with ``passed=False``) and,
    when passing, every figure item the figures do not meet overridden with a justification
    (an override of a met item is ignored)."""
    from grants.checklist import figure_codes, judgement_codes

    answers = dict.fromkeys(judgement_codes(), (passed, ""))
    if passed:
        answers.update(
            {
                code: {"override": True, "justification": OVERRIDE}
                for code in figure_codes(programme)
            }
        )
    return answers


def judgements_only(passed=True):
    """The judgement answers alone: figure items as computed, nothing overridden."""
    from grants.checklist import judgement_codes

    return dict.fromkeys(judgement_codes(), (passed, ""))
