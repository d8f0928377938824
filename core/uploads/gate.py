"""The gate itself, the check of public documents, and hardened downloads."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .content import PIL_FORMATS, check_pdf, check_zip, reencode_image
from .kinds import (
    CSV,
    EXTENSIONS,
    GIF,
    JPEG,
    KIND_LABELS,
    KINDS,
    PDF,
    PNG,
    WEBP,
    XLSX,
    CheckedFile,
    check_extension,
    check_size,
    display_name,
    extension_of,
    max_bytes,
    read_all,
    refusal,
    sniff,
)

# --- The gate ----------------------------------------------------------------------------


def check_upload(upload, *, kind: str) -> CheckedFile:
    """Check ``upload`` for ``kind`` (see ``KINDS``) and return what to store.

    Raises a translated ``ValidationError`` (code ``file_missing``, ``file_too_large``,
    ``file_empty``, ``file_type``, ``extension_mismatch``, ``pdf_*``, ``image_*``, ``zip_*``).
    Images come back re-encoded; the stored name is the content's hash and its true extension.
    """
    check_size(upload, kind)
    limit = max_bytes(kind)
    data = read_all(upload, limit)
    if len(data) > limit:
        raise refusal(
            _("The file is larger than %(limit)s."), "file_too_large", limit=filesizeformat(limit)
        )
    original_name = display_name(getattr(upload, "name", ""))
    content_type = sniff(data)
    if content_type == XLSX and XLSX in KINDS[kind]:
        check_zip(data)
    elif content_type is None and CSV in KINDS[kind] and b"\x00" not in data[:8192]:
        content_type = CSV
    if content_type not in KINDS[kind]:
        raise refusal(_("Only %(types)s files are accepted."), "file_type", types=KIND_LABELS[kind])
    check_extension(original_name, content_type)
    if content_type == PDF:
        check_pdf(data)
    elif content_type in PIL_FORMATS:
        data = reencode_image(data, content_type)
    sha256 = hashlib.sha256(data).hexdigest()
    extension = EXTENSIONS[content_type][0]
    stored = SimpleUploadedFile(f"{sha256[:16]}.{extension}", data, content_type=content_type)
    return CheckedFile(
        file=stored,
        content_type=content_type,
        extension=extension,
        size=len(data),
        sha256=sha256,
        original_name=original_name or stored.name,
    )


# Wagtail documents (course material, published for everyone): what each extension must be.
OOXML = ("[Content_Types].xml",)
ODF = ("mimetype",)
PUBLIC_DOCUMENT_CONTAINERS = {
    "docx": OOXML, "xlsx": OOXML, "pptx": OOXML, "odt": ODF, "ods": ODF, "odp": ODF,
}  # fmt: skip
PUBLIC_DOCUMENT_TEXT = {"txt", "csv"}


def check_public_document(upload) -> None:
    """A Wagtail document: the content must be what its extension says. A ``.pdf`` is a PDF
    without scripts (as for private documents), an office file is a ZIP of the right family
    that is no ZIP bomb, a ``.txt`` or ``.csv`` is UTF-8 text. The file is stored unchanged."""
    check_size(upload, "public_document")
    limit = max_bytes("public_document")
    data = read_all(upload, limit)
    if len(data) > limit:
        raise refusal(
            _("The file is larger than %(limit)s."), "file_too_large", limit=filesizeformat(limit)
        )
    extension = extension_of(getattr(upload, "name", ""))
    sniffed = sniff(data)
    mismatch = refusal(
        _("The file's content does not match its .%(extension)s name."),
        "extension_mismatch",
        extension=extension[:10],
    )
    if extension == "pdf":
        if sniffed != PDF:
            raise mismatch
        check_pdf(data)
    elif extension in PUBLIC_DOCUMENT_CONTAINERS:
        if sniffed != XLSX:  # i.e. a ZIP archive
            raise mismatch
        try:
            check_zip(data, required=PUBLIC_DOCUMENT_CONTAINERS[extension])
        except ValidationError as error:
            raise (mismatch if error.code == "type" else error) from None
    elif extension in PUBLIC_DOCUMENT_TEXT:
        if sniffed is not None or b"\x00" in data:
            raise mismatch
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise refusal(_("Save the text file in UTF-8."), "encoding") from error


SAFE_DOWNLOAD_TYPES = {PDF, JPEG, PNG, WEBP, GIF, XLSX, "application/zip", "text/csv"}


def harden_download(response):
    """Headers every download of a user's file carries: an attachment (never rendered as a
    page), never sniffed into another type, a type from the allowlist (anything else becomes
    ``application/octet-stream``, so never ``text/html`` or ``image/svg+xml``), and a CSP
    sandbox in case a browser renders it anyway."""
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type not in SAFE_DOWNLOAD_TYPES:
        response["Content-Type"] = "application/octet-stream"
    disposition = response.get("Content-Disposition", "")
    if not disposition.startswith("attachment"):
        response["Content-Disposition"] = "attachment" + disposition.removeprefix("inline")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
