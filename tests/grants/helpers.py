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


def fill_request(request, by, *, amount="1000.00", documents=None):
    """A complete draft: every section, one expense line with its receipt, the documents."""
    services.tranche_request_update(
        request=request,
        by=by,
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


def passing_checklist(programme, passed=True):
    return {code: (passed, "") for code, _label in programme.review_checklist()}
