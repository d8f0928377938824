"""Inside the file: PDFs parsed and refused when active, images re-encoded without metadata,
ZIP containers (XLSX) measured before anything opens them."""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .kinds import (
    GIF,
    JPEG,
    PDF_FORBIDDEN_ACTIONS,
    PDF_FORBIDDEN_KEYS,
    PDF_MAX_OBJECTS,
    PNG,
    WEBP,
    ZIP_MAX_MEMBERS,
    ZIP_MAX_RATIO,
    ZIP_MAX_UNPACKED_BYTES,
    ZIP_RATIO_FLOOR,
    max_image_pixels,
    refusal,
)

# --- PDF ---------------------------------------------------------------------------------


def check_pdf(data: bytes) -> None:
    """Header, end-of-file marker, a parseable structure with at least one page, and nothing
    active inside (JavaScript, launch actions, embedded files, XFA), nor encryption."""
    unreadable = refusal(_("This PDF file is damaged or cannot be read."), "pdf_unreadable")
    if not data.startswith((b"%PDF-1.", b"%PDF-2.")) or b"%%EOF" not in data[-2048:]:
        raise unreadable
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise refusal(
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
                    raise refusal(
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

PIL_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP", GIF: "GIF"}


def reencode_image(data: bytes, content_type: str) -> bytes:
    """Decode the image (refusing more than ``UPLOAD_MAX_IMAGE_PIXELS``) and save it again in
    the same format: the orientation is applied to the pixels, and EXIF (GPS, device), XMP,
    comments and anything appended after the image are left behind."""
    from PIL import Image, ImageOps

    unreadable = refusal(_("This image is damaged or cannot be read."), "image_unreadable")
    limit = max_image_pixels()
    try:
        # verify() walks the chunks and their checksums: a truncated PNG or GIF fails here even
        # when WeasyPrint has set ImageFile.LOAD_TRUNCATED_IMAGES for the whole process.
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            if PIL_FORMATS.get(content_type) != image.format:
                raise unreadable
            width, height = image.size
            if width * height > limit:
                raise refusal(
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
        raise refusal(
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
    not_workbook = refusal(_("This file is neither a CSV file nor an XLSX file."), "type")
    bomb = refusal(_("This archive unpacks to far more than it weighs; it is refused."), "zip_bomb")
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
                raise refusal(
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
