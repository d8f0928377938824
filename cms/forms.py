from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from core.uploads import check_public_document, check_upload

from .selectors import SEARCH_QUERY_MAX_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the site"),
        max_length=SEARCH_QUERY_MAX_LENGTH,
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class ImageForm(BaseImageForm):
    """The Wagtail image form (``WAGTAILIMAGES_IMAGE_FORM_BASE``): a new upload goes through
    ``core.uploads`` and is stored re-encoded, so a photo's EXIF (GPS position, device) and
    anything hidden after the pixels never reach the public media folder."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload  # editing an image without replacing its file
        checked = check_upload(upload, kind="image")
        stem = (checked.original_name.rsplit(".", 1)[0] or "image")[:80]
        checked.file.name = f"{stem}.{checked.extension}"
        return checked.file


class DocumentForm(BaseDocumentForm):
    """The Wagtail document form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``): a new file's content
    must match its extension (a ``.pdf`` is a PDF without scripts, an office file a ZIP of
    the right family and no ZIP bomb, a ``.txt`` UTF-8 text)."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            check_public_document(upload)
        return upload
