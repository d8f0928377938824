"""Checks on uploaded files: the type is read from the first bytes, never trusted from the
name or the browser's declared content type."""

import hashlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

SIGNATURES = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
]


def sniff_content_type(upload) -> tuple[str, str] | None:
    """(content type, extension) from the file's first bytes, or None when not allowed."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def validate_upload(upload) -> str:
    """Refuse files over 10 MB or that are not PDF, JPEG or PNG; return the content type."""
    if upload is None:
        raise ValidationError(_("Choose a file."), code="file_missing")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("A file may not exceed 10 MB."), code="file_too_large")
    sniffed = sniff_content_type(upload)
    if sniffed is None:
        raise ValidationError(_("Only PDF, JPEG and PNG files are accepted."), code="file_type")
    return sniffed[0]


def file_sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
