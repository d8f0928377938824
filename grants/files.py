"""Checks on uploaded files, through the one gate (``core.uploads``): the type is read from the
content, never trusted from the name or the browser's declared content type; PDFs are parsed
and refused when they carry scripts; images are re-encoded without their metadata."""

from core.uploads import CheckedFile, check_upload, sniff


def sniff_content_type(upload) -> tuple[str, str] | None:
    """(content type, extension) from the file's first bytes, or None when not allowed."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(position)
    content_type = sniff(head)
    allowed = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
    return (content_type, allowed[content_type]) if content_type in allowed else None


def check_document(upload) -> CheckedFile:
    """A report, receipt or supporting document: PDF, JPEG or PNG, 10 MB at most."""
    return check_upload(upload, kind="document")


def validate_upload(upload) -> str:
    """Refuse what :func:`check_document` refuses; return the content type."""
    return check_document(upload).content_type
