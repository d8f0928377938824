"""The one gate every uploaded file goes through before it is stored or read.

Nothing about a file is taken from the browser: the type comes from the content (its magic
bytes, through ``filetype``), the name's extension must agree with it, and each kind of upload
accepts only what it needs (a receipt is a PDF or a photo, never an HTML page or an SVG). Then:

- a PDF must have a PDF header and end-of-file marker, parse (pypdf) with at least one page,
  and carry no encryption, JavaScript, launch actions, embedded files or XFA forms: a reviewer
  opens these files on the ministry's machines;
- an image is decoded with a pixel limit (decompression bombs) and re-encoded by Pillow: what
  is stored is pixels we wrote, with no EXIF (GPS position, device serial), no comments, no
  trailing polyglot payload;
- a ZIP (an XLSX workbook) is inspected before anything opens it: member count, names, and the
  size it really unpacks to (streamed with a cap, not the sizes the archive claims), and the
  compression ratio of each member.

Limits per kind are in ``settings.UPLOAD_MAX_BYTES`` (bytes) and
``settings.UPLOAD_MAX_IMAGE_PIXELS``. Errors are translated ``ValidationError``s with a code,
ready for a form field.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import zipfile
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


def _error(message, code, **params):
    return ValidationError(message, code=code, params=params or None)


def check_size(upload, kind: str) -> None:
    if upload is None:
        raise _error(_("Choose a file."), "file_missing")
    limit = max_bytes(kind)
    size = getattr(upload, "size", None)
    if size is None or size > limit:
        raise _error(
            _("The file is larger than %(limit)s."), "file_too_large", limit=filesizeformat(limit)
        )
    if size == 0:
        raise _error(_("The file is empty."), "file_empty")


def check_extension(name: str, content_type: str) -> None:
    """A name's extension must be neutral or one of the content's own extensions: a PDF called
    ``sheet.html`` or a PNG called ``photo.pdf`` is refused."""
    extension = extension_of(name)
    if extension in NEUTRAL_EXTENSIONS:
        return
    if extension not in EXTENSIONS[content_type][1]:
        raise _error(
            _("The file's name ends in .%(extension)s but its content is %(type)s."),
            "extension_mismatch",
            extension=extension[:10],
            type=EXTENSIONS[content_type][0].upper(),
        )


# --- PDF ---------------------------------------------------------------------------------


def check_pdf(data: bytes) -> None:
    """Header, end-of-file marker, a parseable structure with at least one page, and nothing
    active inside (JavaScript, launch actions, embedded files, XFA), nor encryption."""
    unreadable = _error(_("This PDF file is damaged or cannot be read."), "pdf_unreadable")
    if not data.startswith((b"%PDF-1.", b"%PDF-2.")) or b"%%EOF" not in data[-2048:]:
        raise unreadable
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _error(
                _("This PDF is protected by a password; upload it without protection."),
                "pdf_encrypted",
            )
        if len(reader.pages) < 1:
            raise unreadable
        # Walk every object reachable from the trailer (catalogue, pages, annotations, forms,
        # name trees), resolving references once each.
        seen: set[tuple[int, int]] = set()
        stack = [reader.trailer]
        visited = 0
        while stack:
            item = stack.pop()
            if isinstance(item, IndirectObject):
                key = (item.idnum, item.generation)
                if key in seen:
                    continue
                seen.add(key)
                item = item.get_object()
            visited += 1
            if visited > PDF_MAX_OBJECTS:
                raise unreadable
            if isinstance(item, DictionaryObject):
                keys = {str(k) for k in item}
                if keys & PDF_FORBIDDEN_KEYS or str(item.get("/S", "")) in PDF_FORBIDDEN_ACTIONS:
                    raise _error(
                        _("This PDF contains scripts, attachments or actions; upload a plain PDF."),
                        "pdf_active_content",
                    )
                stack.extend(value for name, value in item.items() if name != "/Parent")
            elif isinstance(item, ArrayObject):
                stack.extend(item)
    except ValidationError:
        raise
    except Exception as error:  # pypdf raises many kinds for a damaged file
        raise unreadable from error


# --- Images ------------------------------------------------------------------------------

_PIL_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP", GIF: "GIF"}


def reencode_image(data: bytes, content_type: str) -> bytes:
    """Decode the image (refusing more than ``UPLOAD_MAX_IMAGE_PIXELS``) and save it again in
    the same format: the orientation is applied to the pixels, and EXIF (GPS, device), XMP,
    comments and anything appended after the image are left behind."""
    from PIL import Image, ImageOps

    unreadable = _error(_("This image is damaged or cannot be read."), "image_unreadable")
    limit = max_image_pixels()
    try:
        # verify() walks the chunks and their checksums: a truncated PNG or GIF fails here even
        # when WeasyPrint has set ImageFile.LOAD_TRUNCATED_IMAGES for the whole process.
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            if _PIL_FORMATS.get(content_type) != image.format:
                raise unreadable
            width, height = image.size
            if width * height > limit:
                raise _error(
                    _("This image has too many pixels (%(pixels)s million; %(limit)s at most)."),
                    "image_too_many_pixels",
                    pixels=round(width * height / 1e6, 1),
                    limit=round(limit / 1e6),
                )
            frames = getattr(image, "n_frames", 1)
            if frames > 1 and content_type != GIF:
                frames = 1
            if frames * width * height > 4 * limit:
                raise unreadable
            icc = image.info.get("icc_profile")
            output = io.BytesIO()
            image.load()
            if getattr(image, "_ended", False):
                raise unreadable  # a JPEG cut short, padded by Pillow's truncated-image mode
            if content_type == GIF:
                image.save(output, "GIF", save_all=frames > 1)
            else:
                clean = ImageOps.exif_transpose(image)
                options: dict = {"icc_profile": icc} if icc else {}
                if content_type == JPEG:
                    if clean.mode not in ("RGB", "L", "CMYK"):
                        clean = clean.convert("RGB")
                    clean.save(output, "JPEG", quality=90, optimize=True, **options)
                elif content_type == PNG:
                    clean.save(output, "PNG", optimize=True, **options)
                else:
                    clean.save(output, "WEBP", quality=90, **options)
            return output.getvalue()
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:
        raise _error(
            _("This image has too many pixels (%(pixels)s million; %(limit)s at most)."),
            "image_too_many_pixels",
            pixels="?",
            limit=round(limit / 1e6),
        ) from error
    except Exception as error:  # Pillow raises OSError, SyntaxError, ValueError...
        raise unreadable from error


# --- ZIP (XLSX) --------------------------------------------------------------------------


def check_zip(data: bytes, *, required=("[Content_Types].xml", "xl/workbook.xml")) -> None:
    """Refuse an archive that is not a workbook, or that would unpack into far more than it
    weighs: too many members, a member name that climbs out of the folder, an encrypted
    member, a total over ``ZIP_MAX_UNPACKED_BYTES`` or a ratio over ``ZIP_MAX_RATIO``. The
    members are really decompressed, with a cap, so a lying header changes nothing."""
    not_workbook = _error(_("This file is neither a CSV file nor an XLSX file."), "type")
    bomb = _error(_("This archive unpacks to far more than it weighs; it is refused."), "zip_bomb")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise not_workbook from error
    with archive:
        members = archive.infolist()
        if len(members) > ZIP_MAX_MEMBERS:
            raise bomb
        names = {member.filename for member in members}
        if any(name not in names for name in required):
            raise not_workbook
        total = 0
        for member in members:
            name = member.filename
            if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/"):
                raise not_workbook
            if member.flag_bits & 0x1:
                raise _error(
                    _("This workbook is protected by a password; save it without one."),
                    "zip_encrypted",
                )
            unpacked = 0
            try:
                with archive.open(member) as handle:
                    while chunk := handle.read(64 * 1024):
                        unpacked += len(chunk)
                        total += len(chunk)
                        if total > ZIP_MAX_UNPACKED_BYTES:
                            raise bomb
                        if unpacked > ZIP_RATIO_FLOOR and unpacked > ZIP_MAX_RATIO * max(
                            member.compress_size, 1
                        ):
                            raise bomb
            except ValidationError:
                raise
            except Exception as error:  # bad CRC, unsupported compression, truncated data
                raise not_workbook from error


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
        raise _error(
            _("The file is larger than %(limit)s."), "file_too_large", limit=filesizeformat(limit)
        )
    original_name = display_name(getattr(upload, "name", ""))
    content_type = sniff(data)
    if content_type == XLSX and XLSX in KINDS[kind]:
        check_zip(data)
    elif content_type is None and CSV in KINDS[kind] and b"\x00" not in data[:8192]:
        content_type = CSV
    if content_type not in KINDS[kind]:
        raise _error(_("Only %(types)s files are accepted."), "file_type", types=KIND_LABELS[kind])
    check_extension(original_name, content_type)
    if content_type == PDF:
        check_pdf(data)
    elif content_type in _PIL_FORMATS:
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
        raise _error(
            _("The file is larger than %(limit)s."), "file_too_large", limit=filesizeformat(limit)
        )
    extension = extension_of(getattr(upload, "name", ""))
    sniffed = sniff(data)
    mismatch = _error(
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
            raise _error(_("Save the text file in UTF-8."), "encoding") from error


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
