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

from .content import check_pdf, check_zip, reencode_image
from .gate import check_public_document, check_upload, harden_download
from .kinds import CheckedFile, display_name, read_all, sniff

__all__ = [
    "CheckedFile",
    "check_pdf",
    "check_public_document",
    "check_upload",
    "check_zip",
    "display_name",
    "harden_download",
    "read_all",
    "reencode_image",
    "sniff",
]
