"""Helpers shared by the grants tests."""

from django.core.files.uploadedfile import SimpleUploadedFile

from grants import services
from grants.models import DocumentType, ReportSection

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


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
