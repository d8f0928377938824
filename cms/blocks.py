"""StreamField blocks shared by every page type. Each block has its own template under
``templates/blocks/`` and a preview value."""

import datetime
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

# Providers whose players we accept: known privacy terms and oEmbed endpoints, and no arbitrary
# iframe from anywhere an editor pastes a link.
VIDEO_HOSTS = {
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "youtube-nocookie.com": "YouTube",
    "vimeo.com": "Vimeo",
    "dailymotion.com": "Dailymotion",
    "dai.ly": "Dailymotion",
}

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


def video_provider(url: str) -> str | None:
    """The provider name for an allowed video URL, ``None`` for anything else."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    for allowed, provider in VIDEO_HOSTS.items():
        if host == allowed or host.endswith("." + allowed):
            return provider
    return None


def _preview_page_id() -> int | None:
    """A live page to point page-linking block previews at: a home page."""
    from wagtail.models import Page

    return Page.objects.live().filter(depth=2).values_list("pk", flat=True).first()


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("level"), choices=[("h2", _("Section")), ("h3", _("Subsection"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = {"text": "الديمقراطية التشاركية", "level": "h2"}


class AccessibleImageBlock(ImageBlock):
    """An image that always carries alt text: on a civic site every image says what it shows,
    so Wagtail's "decorative" escape hatch is refused."""

    def clean(self, value):
        value = super().clean(value)
        if value and not (value.contextual_alt_text or "").strip():
            raise StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(
                        _("Describe the image for people who cannot see it (alt text).")
                    )
                }
            )
        return value

    def get_preview_value(self):
        # A preview needs a real image: the newest one, described by its title.
        from wagtail.images import get_image_model

        image = get_image_model().objects.order_by("-pk").first()
        if image:
            image.contextual_alt_text, image.decorative = image.title, False
        return image

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"


class AllowedEmbedBlock(EmbedBlock):
    """An embed limited to YouTube, Vimeo and Dailymotion; the host is checked before any
    oEmbed request is made."""

    def clean(self, value):
        if value and not video_provider(value.url):
            raise ValidationError(_("Only YouTube, Vimeo and Dailymotion videos can be embedded."))
        return super().clean(value)


class VideoBlock(blocks.StructBlock):
    video = AllowedEmbedBlock(label=_("video link"), help_text=_("YouTube, Vimeo or Dailymotion."))
    title = blocks.CharBlock(label=_("title"), max_length=200)
    transcript = blocks.RichTextBlock(
        label=_("transcript"),
        features=RICH_TEXT_FEATURES,
        help_text=_("Required: people who cannot hear or play the video read it here."),
    )

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        preview_value = {
            "video": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "title": "العرائض",
            "transcript": "<p>…</p>",
        }


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    label = blocks.CharBlock(label=_("link text"), max_length=200, required=False)

    def get_preview_value(self):
        from wagtail.documents import get_document_model

        document = get_document_model().objects.order_by("-pk").first()
        return self.to_python({"document": document.pk if document else None, "label": ""})

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"


class KeyFigureBlock(blocks.StructBlock):
    number = blocks.CharBlock(label=_("figure"), max_length=40)
    label = blocks.CharBlock(label=_("what it counts"), max_length=200)
    source = blocks.CharBlock(label=_("source"), max_length=300)
    source_url = blocks.URLBlock(label=_("source link"), required=False)

    class Meta:
        icon = "order"
        template = "blocks/key_figure_block.html"
        preview_value = {
            "number": "97",
            "label": "اتفاقية شراكة موقعة مع الجمعيات",
            "source": "الوزارة المكلفة بالعلاقات مع البرلمان",
            "source_url": "",
        }


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=300)
    answer = blocks.RichTextBlock(label=_("answer"), features=RICH_TEXT_FEATURES)


class FaqBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=200, required=False)
    items = blocks.ListBlock(FaqItemBlock(), label=_("questions"), min_num=1)

    class Meta:
        icon = "help"
        template = "blocks/faq_block.html"
        preview_value = {
            "title": "أسئلة شائعة",
            "items": [{"question": "من يمكنه تقديم عريضة؟", "answer": "<p>…</p>"}],
        }


class CallToActionBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("page"))
    label = blocks.CharBlock(label=_("button text"), max_length=100)
    text = blocks.CharBlock(label=_("sentence before the button"), max_length=300, required=False)

    def get_preview_value(self):
        return self.to_python({"page": _preview_page_id(), "label": "سجّلوا الآن", "text": ""})

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"


class FeaturedLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("page"))
    title = blocks.CharBlock(label=_("title"), max_length=120, required=False)
    text = blocks.CharBlock(label=_("short description"), max_length=240, required=False)

    def get_preview_value(self):
        return self.to_python({"page": _preview_page_id(), "title": "", "text": ""})

    class Meta:
        icon = "link"
        template = "blocks/featured_link_block.html"


class LegalReferenceBlock(blocks.StructBlock):
    law = blocks.CharBlock(label=_("law or text"), max_length=200)
    article = blocks.CharBlock(label=_("article(s)"), max_length=100, required=False)
    threshold = blocks.CharBlock(label=_("threshold or condition"), max_length=300, required=False)
    source_url = blocks.URLBlock(label=_("official source"), required=False)
    as_of = blocks.DateBlock(label=_("as of"), help_text=_("Date the text was last checked."))
    to_be_confirmed = blocks.BooleanBlock(
        label=_("to be confirmed"),
        required=False,
        help_text=_(
            "Tick when a figure or article is not yet checked against the official text: the "
            "reference then shows in the preview only, never on the published page."
        ),
    )

    class Meta:
        icon = "doc-full-inverse"
        template = "blocks/legal_reference_block.html"
        preview_value = {
            "law": "القانون التنظيمي 44-14",
            "article": "2",
            "threshold": "",
            "source_url": "https://www.sgg.gov.ma",
            "as_of": datetime.date(2026, 11, 1),
            "to_be_confirmed": False,
        }


class SourceLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=300)
    url = blocks.URLBlock(label=_("address"))
    publisher = blocks.CharBlock(label=_("publisher"), max_length=200, required=False)

    class Meta:
        icon = "link-external"
        template = "blocks/source_link_block.html"
        preview_value = {
            "title": "البوابة الوطنية للمشاركة المواطنة",
            "url": "https://www.eparticipation.ma",
            "publisher": "",
        }


class BaseStreamBlock(blocks.StreamBlock):
    """The body of every content page: extend here, never per page type."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("rich text"),
        features=RICH_TEXT_FEATURES,
        template="blocks/paragraph_block.html",
        preview_value="<p>…</p>",
        icon="pilcrow",
    )
    image = AccessibleImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    key_figure = KeyFigureBlock()
    faq = FaqBlock()
    call_to_action = CallToActionBlock()
    legal_reference = LegalReferenceBlock()


class SourcesBlock(blocks.StreamBlock):
    """Where the facts of an article come from."""

    legal_reference = LegalReferenceBlock()
    link = SourceLinkBlock()
