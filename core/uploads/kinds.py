"""What each kind of upload may be: types read from the content, extensions, size and pixel
limits, and the checks every file passes first."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
GIF = "image/gif"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"

# Content type -> (extension we store, extensions a name may carry for it).
EXTENSIONS = {
    PDF: ("pdf", {"pdf"}),
    JPEG: ("jpg", {"jpg", "jpeg", "jpe", "jfif"}),
    PNG: ("png", {"png"}),
    WEBP: ("webp", {"webp"}),
    GIF: ("gif", {"gif"}),
    XLSX: ("xlsx", {"xlsx"}),
    CSV: ("csv", {"csv", "txt", "tsv"}),
}
# Names that say nothing about the content (a scanner's "scan.bin", a name without a dot):
# the stored name gets the sniffed extension anyway.
NEUTRAL_EXTENSIONS = {"", "bin", "dat", "tmp", "file", "download"}

# What each kind of upload accepts.
KINDS = {
    "document": (PDF, JPEG, PNG),  # reports, receipts, supporting documents
    "scan": (PDF, JPEG, PNG),  # signed attendance sheets
    "image": (JPEG, PNG, WEBP, GIF),  # Wagtail images
    "import": (CSV, XLSX),  # a coordinator's list of people
}
KIND_LABELS = {
    "document": _("PDF, JPEG or PNG"),
    "scan": _("PDF, JPEG or PNG"),
    "image": _("JPEG, PNG, WebP or GIF"),
    "import": _("CSV or XLSX"),
}

DEFAULT_MAX_BYTES = {
    "document": 10 * 1024 * 1024,
    "scan": 10 * 1024 * 1024,
    "image": 10 * 1024 * 1024,
    "import": 2 * 1024 * 1024,
    "public_document": 25 * 1024 * 1024,
}
# 50 megapixels: an A4 page scanned at 600 dpi is 35, a phone photo 12 to 48.
DEFAULT_MAX_IMAGE_PIXELS = 50_000_000

# ZIP (XLSX) limits: a real workbook has a dozen members and unpacks to a few megabytes.
ZIP_MAX_MEMBERS = 250
ZIP_MAX_UNPACKED_BYTES = 50 * 1024 * 1024
ZIP_MAX_RATIO = 200  # unpacked / packed, for members over ZIP_RATIO_FLOOR
ZIP_RATIO_FLOOR = 1024 * 1024

# PDF catalogue keys and action types a scanned sheet or a report has no business carrying.
PDF_FORBIDDEN_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/XFA", "/RichMedia"}
PDF_FORBIDDEN_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute"}
PDF_MAX_OBJECTS = 200_000


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed: what to store (re-encoded for images), and its facts."""

    file: SimpleUploadedFile
    content_type: str
    extension: str
    size: int
    sha256: str
    original_name: str


def max_bytes(kind: str) -> int:
    return {**DEFAULT_MAX_BYTES, **getattr(settings, "UPLOAD_MAX_BYTES", {})}[kind]


def max_image_pixels() -> int:
    return getattr(settings, "UPLOAD_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS)


def read_all(upload, limit: int) -> bytes:
    """The upload's bytes, at most ``limit + 1`` of them (so a caller can tell it was over)."""
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if hasattr(upload, "seek"):
        upload.seek(0)
    return data


def extension_of(name: str) -> str:
    name = (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name.rsplit(".", 1)[-1].lower().strip() if "." in name else ""


def display_name(name: str) -> str:
    """The name the person gave the file, safe to show and to use inside a ZIP: no folders
    (either slash), no control or bidirectional-override characters, 255 characters at most."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        char for char in name if unicodedata.category(char) not in ("Cc", "Cf") or char == "\u200c"
    )
    return name.strip().lstrip(".")[:255]


def sniff(data: bytes) -> str | None:
    """The content type read from the first bytes, limited to the types this site handles
    (a ZIP is reported as XLSX only if it looks like a workbook; see :func:`check_zip`)."""
    head = data[:8192]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return XLSX
    kind = filetype.guess(head)
    if kind is not None and kind.mime in (JPEG, PNG, WEBP, GIF):
        return kind.mime
    return None


def refusal(message, code, **params):
    return ValidationError(message, code=code, params=params or None)


def check_size(upload, kind: str) -> None:
    if upload is None:
        raise refusal(_("Choose a file."), "file_missing")
    limit = max_bytes(kind)
    size = getattr(upload, "size", None)
    if size is None or size > limit:
        raise refusal(
            _("The file is larger than %(limit)s."), "file_too_large", limit=filesizeformat(limit)
        )
    if size == 0:
        raise refusal(_("The file is empty."), "file_empty")


def check_extension(name: str, content_type: str) -> None:
    """A name's extension must be neutral or one of the content's own extensions: a PDF called
    ``sheet.html`` or a PNG called ``photo.pdf`` is refused."""
    extension = extension_of(name)
    if extension in NEUTRAL_EXTENSIONS:
        return
    if extension not in EXTENSIONS[content_type][1]:
        raise refusal(
            _("The file's name ends in .%(extension)s but its content is %(type)s."),
            "extension_mismatch",
            extension=extension[:10],
            type=EXTENSIONS[content_type][0].upper(),
        )
