"""StreamField blocks shared by every page type. Each block has its own template under
``templates/blocks/`` and a preview value."""

from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="heading", max_length=200)
    level = blocks.ChoiceBlock(choices=[("h2", "H2"), ("h3", "H3")], default="h2")

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = {"text": "الديمقراطية التشاركية", "level": "h2"}


class BaseStreamBlock(blocks.StreamBlock):
    """The body of every content page: extend here, never per page type."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "h3"],
        template="blocks/paragraph_block.html",
        preview_value="<p>…</p>",
    )
    image = ImageBlock(template="blocks/image_block.html")
