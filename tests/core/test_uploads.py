"""Upload attacks against the one gate (core/uploads/) and the forms and views that use it:
type from content, names that lie, PDFs with scripts, images with GPS and payloads,
decompression bombs, ZIP bombs, hostile imports, and how private files leave the site."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from core import uploads
from core.uploads import check_upload, check_zip, harden_download
from courses.importing import parse_people_file, validate_rows

from ..grants.helpers import PDF


def _upload(data: bytes, name: str = "file.bin"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _code(callable_, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as error:
        callable_(*args, **kwargs)
    return error.value.code


def _image(format_="PNG", size=(16, 16), **save) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format_, **save)
    return buffer.getvalue()


def _pdf(build=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if build:
        build(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --- Size and type -----------------------------------------------------------------------


def test_size_limits_come_from_settings_per_kind(settings):
    settings.UPLOAD_MAX_BYTES = {"scan": 100}
    assert _code(check_upload, _upload(PDF + b" " * 200, "s.pdf"), kind="scan") == (
        "file_too_large"
    )
    assert check_upload(_upload(PDF, "r.pdf"), kind="document").content_type == "application/pdf"


def test_an_empty_or_missing_file_is_refused():
    assert _code(check_upload, _upload(b"", "a.pdf"), kind="document") == "file_empty"
    assert _code(check_upload, None, kind="document") == "file_missing"


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "report.pdf"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "scan.png"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "receipt.pdf"),
        (b"GIF89a" + b"\x00" * 20, "photo.png"),  # a GIF is not a document
        (b"<?xml version='1.0'?><x/>", "sheet.pdf"),
    ],
)
def test_the_type_is_read_from_the_content_never_the_name(content, name):
    assert _code(check_upload, _upload(content, name), kind="document") == "file_type"


@pytest.mark.parametrize("name", ["sheet.html", "sheet.svg", "photo.png", "sheet.pdf.exe"])
def test_a_name_that_lies_about_the_content_is_refused(name):
    assert _code(check_upload, _upload(PDF, name), kind="scan") == "extension_mismatch"


def test_a_neutral_name_gets_the_true_extension_and_a_hashed_name():
    checked = check_upload(_upload(PDF, "scan.bin"), kind="scan")
    assert checked.file.name == f"{checked.sha256[:16]}.pdf"
    assert (checked.content_type, checked.original_name) == ("application/pdf", "scan.bin")


def test_the_given_name_loses_folders_and_direction_overrides():
    checked = check_upload(_upload(PDF, "..\\..\\Windows\\scan\u202efdp.bin"), kind="scan")
    assert checked.original_name == "scanfdp.bin"
    name = "C:\\fakepath\\report\u202egnp.exe"
    assert _code(check_upload, _upload(PDF, name), kind="document") == "extension_mismatch"


# --- PDF ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n" + b"0" * 100,  # a header and nothing else
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",  # no page
        PDF[:-20],  # truncated: no end-of-file marker
        b"%PDF-1.4\n" + b"\x00\xff" * 500 + b"\n%%EOF\n",
    ],
)
def test_a_pdf_must_parse_with_a_page(content):
    assert _code(check_upload, _upload(content, "a.pdf"), kind="document") == "pdf_unreadable"


def test_a_generated_pdf_is_accepted_unchanged():
    data = _pdf()
    checked = check_upload(_upload(data, "report.pdf"), kind="document")
    assert checked.file.read() == data


def test_an_encrypted_pdf_is_refused():
    data = _pdf(lambda writer: writer.encrypt("secret"))
    assert _code(check_upload, _upload(data, "a.pdf"), kind="document") == "pdf_encrypted"


@pytest.mark.parametrize(
    "build",
    [
        lambda writer: writer._root_object.__setitem__(
            NameObject("/OpenAction"),
            writer._add_object(
                DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/JavaScript"),
                        NameObject("/JS"): TextStringObject("app.alert('x');"),
                    }
                )
            ),
        ),
        lambda writer: writer.add_attachment("payload.exe", b"MZ"),
    ],
    ids=["javascript", "embedded-file"],
)
def test_a_pdf_with_scripts_or_attachments_is_refused(build):
    data = _pdf(build)
    assert _code(check_upload, _upload(data, "a.pdf"), kind="document") == "pdf_active_content"


@pytest.mark.parametrize(
    "action",
    [
        b"/OpenAction<</S/Launch/F(cmd.exe)>>",
        b"/OpenAction<</S/J#61vaScript/J#53(app.alert(1))>>",  # names spelt with hex escapes
        b"/AA<</O<</S/JavaScript/JS(x)>>>>",
        b"/AcroForm<</XFA 5 0 R>>",
    ],
)
def test_hand_written_active_pdfs_are_refused(action):
    data = PDF.replace(b"/Pages 2 0 R>>", b"/Pages 2 0 R" + action + b">>")
    assert _code(check_upload, _upload(data, "a.pdf"), kind="scan") == "pdf_active_content"


# --- Images ------------------------------------------------------------------------------


def test_a_photo_loses_its_exif_and_gps_position():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (33.0, 35.0, 0.0), 3: "W", 4: (7.0, 36.0, 0.0)}  # GPSInfo
    data = _image("JPEG", exif=exif.tobytes())
    assert b"PhoneMaker" in data
    checked = check_upload(_upload(data, "sheet.jpg"), kind="scan")
    stored = checked.file.read()
    assert b"PhoneMaker" not in stored and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and not image.getexif()


def test_a_payload_after_the_image_is_not_stored():
    data = _image("PNG") + b"<script>alert(1)</script>"
    checked = check_upload(_upload(data, "receipt.png"), kind="document")
    assert b"<script>" not in checked.file.read()
    assert checked.content_type == "image/png"


@pytest.mark.parametrize("format_", ["PNG", "JPEG"])
def test_a_truncated_image_is_refused_even_after_weasyprint_loosened_pillow(format_):
    import weasyprint  # noqa: F401 - sets ImageFile.LOAD_TRUNCATED_IMAGES for the process

    buffer = io.BytesIO()
    Image.effect_noise((64, 64), 50).convert("RGB").save(buffer, format_)
    data = buffer.getvalue()[: len(buffer.getvalue()) // 2]
    name = f"a.{format_.lower()}"
    assert _code(check_upload, _upload(data, name), kind="scan") == "image_unreadable"


def test_a_decompression_bomb_is_refused_before_decoding(settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 10_000
    data = _image("PNG", size=(1000, 1000))  # a few kilobytes, a million pixels
    assert len(data) < 20_000
    assert _code(check_upload, _upload(data, "a.png"), kind="scan") == "image_too_many_pixels"


def test_the_re_encoding_is_stable_so_duplicate_scans_are_still_found():
    data = _image("PNG")
    first = check_upload(_upload(data + b"x", "a.png"), kind="scan")
    second = check_upload(_upload(data + b"y", "b.png"), kind="scan")
    assert first.sha256 == second.sha256


def test_wagtail_image_uploads_are_re_encoded(settings, db):
    from wagtail.images import get_image_model
    from wagtail.images.forms import get_image_form

    settings.WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.forms.ImageForm"
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    data = _image("JPEG", exif=exif.tobytes())
    form_class = get_image_form(get_image_model())
    form = form_class(data={"title": "photo"}, files={"file": _upload(data, "photo.jpg")})
    assert form.is_valid(), form.errors
    assert b"PhoneMaker" not in form.cleaned_data["file"].read()
    svg = _upload(b'<svg xmlns="http://www.w3.org/2000/svg"/>', "logo.png")
    assert not form_class(data={"title": "x"}, files={"file": svg}).is_valid()


# --- ZIP (XLSX) --------------------------------------------------------------------------


def _zip(members: dict, *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


WORKBOOK = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it():
    bomb = _zip({**WORKBOOK, "xl/worksheets/sheet1.xml": b"\0" * (4 * 1024 * 1024)})
    assert len(bomb) < 20_000
    assert _code(check_zip, bomb) == "zip_bomb"
    assert _code(parse_people_file, _upload(bomb, "people.xlsx")) == "zip_bomb"


def test_the_total_unpacked_size_is_measured_not_read_from_the_headers(monkeypatch):
    monkeypatch.setattr(uploads.content, "ZIP_MAX_UNPACKED_BYTES", 100_000)
    members = {f"xl/media/{i}.bin": bytes(range(256)) * 100 for i in range(10)}
    assert _code(check_zip, _zip({**WORKBOOK, **members}, compression=zipfile.ZIP_STORED)) == (
        "zip_bomb"
    )


def test_too_many_members_or_a_climbing_name_is_refused():
    many = _zip({**WORKBOOK, **{f"x/{i}": b"" for i in range(uploads.kinds.ZIP_MAX_MEMBERS + 1)}})
    assert _code(check_zip, many) == "zip_bomb"
    assert _code(check_zip, _zip({**WORKBOOK, "../../etc/cron.d/x": b"x"})) == "type"


def test_a_renamed_archive_is_not_a_workbook():
    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    assert _code(parse_people_file, _upload(docx, "people.xlsx")) == "type"


def test_an_encrypted_member_is_refused():
    data = bytearray(_zip(WORKBOOK, compression=zipfile.ZIP_STORED))
    # Set the "encrypted" flag bit in every local and central header.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + offset] |= 0x1
            start += 4
    assert _code(check_zip, bytes(data)) == "zip_encrypted"


# --- Imports: oversized and malformed ------------------------------------------------------


def test_a_utf16_csv_from_excel_is_read():
    text = "\ufeffالاسم\tالبريد الإلكتروني\nنادية\tnadia@example.org\n"
    rows = parse_people_file(_upload(text.encode("utf-16"), "people.csv"))
    assert [(r.name, r.email) for r in rows] == [("نادية", "nadia@example.org")]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("Nom;Courriel\nRémi;remi@example.org\n".encode("latin-1"), "encoding"),
        ("الاسم,email\nنادية,n@example.org\n".encode("cp1256"), "encoding"),
        (b"name,email\nA\x00B,a@example.org\n", "type"),
        (b"name,email\n" + b"A" * 200_000 + b",a@example.org\n", "bad_csv"),
        (b"name,email\n" + b"A" * 5000 + b",a@example.org\n", "line_too_long"),
        (b"\xff\xfe" + "name,email\n".encode("utf-16-le") + b"\x00\xd8", "encoding"),
    ],
    ids=["latin-1", "windows-1256", "nul", "huge-field", "long-line", "broken-utf16"],
)
def test_malformed_csv_files_get_a_clear_error(data, code):
    assert _code(parse_people_file, _upload(data, "people.csv")) == code


def test_an_xlsx_with_a_huge_cell_is_refused():
    workbook = Workbook()
    workbook.active.append(["A" * 5000, "a@example.org"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert _code(parse_people_file, _upload(buffer.getvalue(), "p.xlsx")) == "line_too_long"


def test_rows_with_overlong_names_or_control_characters_are_reported(
    member_association, trainer_association
):
    from courses.importing import Row

    from ..factories.learning import course_with_lessons

    course = course_with_lessons(association=trainer_association, lessons=1)[0]
    report = validate_rows(
        organisation=member_association,
        course=course,
        rows=[
            Row(line=2, name="N" * 201, email="a@example.org"),
            Row(line=3, name="Bad\x07Name", email="b@example.org"),
            Row(line=4, name="Ok", email=("x" * 250) + "@example.org"),
        ],
    )
    assert [row.ok for row in report] == [False, False, False]


# --- How private files leave ----------------------------------------------------------------


def test_harden_download_never_lets_a_user_file_render_as_a_page():
    from django.http import HttpResponse

    response = harden_download(HttpResponse(b"<script>", content_type="text/html"))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    inline = HttpResponse(b"%PDF", content_type="application/pdf")
    inline["Content-Disposition"] = 'inline; filename="a.pdf"'
    assert harden_download(inline)["Content-Disposition"] == 'attachment; filename="a.pdf"'


def test_private_storage_has_no_public_url(settings):
    from core.storage import get_private_storage

    storage = get_private_storage()
    assert not str(storage.location).startswith(str(settings.MEDIA_ROOT))
    assert not storage.base_url.startswith(settings.MEDIA_URL)


@pytest.mark.django_db
def test_a_scan_download_is_an_attachment_with_safe_headers(client, trainer_association):
    from datetime import timedelta

    from courses.attendance.services import sheet_scan_upload

    from ..factories.attendance import session_now, staff

    session = session_now(association=trainer_association, starts_in=timedelta(hours=-1))
    trainer = staff(trainer_association)
    scan = sheet_scan_upload(session=session, file=_upload(_image("JPEG"), "s.jpg"), by=trainer)
    url = reverse("attendance:scan_file", args=[scan.pk])
    assert client.get(url).status_code == 302  # signed out: to the login page
    client.force_login(trainer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(staff(_other_trainer()))
    assert client.get(url).status_code in (403, 404)


def _other_trainer():
    from organisations.models import Organisation

    from ..factories.organisations import OrganisationFactory

    return OrganisationFactory(kind=Organisation.Kind.TRAINER)


# --- Wagtail documents (public course material) ---------------------------------------------


def _document_form(upload, settings):
    from wagtail.documents import get_document_model
    from wagtail.documents.forms import get_document_form

    settings.WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.forms.DocumentForm"
    form_class = get_document_form(get_document_model())
    return form_class(data={"title": "Guide"}, files={"file": upload})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "valid"),
    [
        ("guide.pdf", PDF, True),
        ("guide.pdf", b"<html><script>alert(1)</script>", False),
        (
            "guide.docx",
            _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
            True,
        ),
        ("guide.docx", PDF, False),
        ("guide.odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.text"}), True),
        ("notes.txt", "ملاحظات الدورة".encode(), True),
        ("notes.txt", PDF, False),
        ("notes.csv", "Nom;Note\nRémi;1".encode("latin-1"), False),
        (
            "bomb.xlsx",
            _zip({"[Content_Types].xml": b"x", "x.xml": b"\0" * (4 * 1024 * 1024)}),
            False,
        ),
    ],
)
def test_wagtail_documents_must_be_what_their_extension_says(settings, name, content, valid):
    form = _document_form(_upload(content, name), settings)
    assert form.is_valid() is valid, form.errors


def test_wagtail_documents_are_served_by_the_checked_view(settings):
    from django.conf import settings as live

    assert live.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert live.WAGTAILDOCS_DOCUMENT_FORM_BASE == "cms.forms.DocumentForm"
    assert live.WAGTAILIMAGES_IMAGE_FORM_BASE == "cms.forms.ImageForm"
