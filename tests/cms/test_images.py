"""Only raster images can be uploaded: an SVG can carry script."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.images.tests.utils import get_test_image_file

pytestmark = pytest.mark.django_db

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)


def _form(upload):
    form_class = get_image_form(get_image_model())
    return form_class(data={"title": "logo"}, files={"file": upload})


def test_an_svg_upload_is_refused_by_the_image_form():
    form = _form(SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml"))
    assert not form.is_valid()
    assert "file" in form.errors


def test_a_png_upload_is_accepted_by_the_image_form():
    image = get_test_image_file("photo.png")
    form = _form(SimpleUploadedFile("photo.png", image.file.getvalue(), content_type="image/png"))
    assert form.is_valid(), form.errors
