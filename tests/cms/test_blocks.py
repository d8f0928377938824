"""Every block renders; images need alt text; videos come only from the allowed providers and
always carry a transcript."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.documents.models import Document
from wagtail.embeds.blocks import EmbedValue
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from cms.blocks import (
    AccessibleImageBlock,
    AllowedEmbedBlock,
    BaseStreamBlock,
    SourcesBlock,
    VideoBlock,
    video_provider,
)

pytestmark = pytest.mark.django_db

VIDEO_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def cached_embed(db):
    """An embed already in Wagtail's cache, so no test reaches the network."""
    return Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        html='<iframe title="video" src="https://www.youtube-nocookie.com/embed/x"></iframe>',
        provider_name="YouTube",
    )


@pytest.fixture
def image(db):
    return Image.objects.create(title="Réunion", file=get_test_image_file())


@pytest.fixture
def document(db):
    from django.core.files.base import ContentFile

    return Document.objects.create(title="Guide", file=ContentFile(b"%PDF-1.4", name="guide.pdf"))


@pytest.mark.parametrize(
    "name",
    ["heading", "paragraph", "video", "key_figure", "faq", "legal_reference"],
)
def test_every_block_with_a_preview_value_renders_it(name, cached_embed):
    block = BaseStreamBlock().child_blocks[name]
    html = block.render(block.get_preview_value())
    assert html.strip()


@pytest.mark.parametrize("name", ["image", "document", "call_to_action"])
def test_blocks_that_need_a_stored_object_preview_the_newest_one(name, image, document, home_ar):
    block = BaseStreamBlock().child_blocks[name]
    assert block.render(block.get_preview_value()).strip()


def test_the_image_block_renders_its_alt_text(image):
    block = AccessibleImageBlock()
    value = block.to_python({"image": image.pk, "decorative": False, "alt_text": "Une réunion"})
    assert 'alt="Une réunion"' in block.render(value)


def test_the_document_block_offers_a_download(document):
    block = BaseStreamBlock().child_blocks["document"]
    html = block.render(block.to_python({"document": document.pk, "label": ""}))
    assert document.url in html
    assert "Guide" in html


def test_the_call_to_action_links_to_its_page(home_ar):
    block = BaseStreamBlock().child_blocks["call_to_action"]
    html = block.render(block.to_python({"page": home_ar.pk, "label": "Go", "text": ""}))
    assert 'href="/ar/"' in html


def test_a_legal_reference_to_be_confirmed_shows_in_the_preview_only_never_to_citizens(rf):
    block = BaseStreamBlock().child_blocks["legal_reference"]
    value = {
        "law": "Loi organique 113-14",
        "article": "",
        "threshold": "100",
        "source_url": "",
        "as_of": datetime.date(2026, 11, 1),
        "to_be_confirmed": True,
    }
    public, preview = rf.get("/"), rf.get("/")
    preview.is_preview = True
    unconfirmed = block.to_python(value)
    published = block.render(unconfirmed, context={"request": public})
    previewed = block.render(unconfirmed, context={"request": preview})
    confirmed = block.render(
        block.to_python({**value, "to_be_confirmed": False}), context={"request": public}
    )
    assert "113-14" not in published and "block-legal" not in published
    assert "block-legal--unconfirmed" in previewed and "block-legal__flag" in previewed
    assert "113-14" in confirmed and "block-legal__flag" not in confirmed


def test_a_source_link_renders_with_rel_noopener():
    block = SourcesBlock().child_blocks["link"]
    html = block.render(block.get_preview_value())
    assert 'href="https://www.eparticipation.ma"' in html
    assert 'rel="noopener noreferrer"' in html


def test_an_image_without_alt_text_is_refused(image):
    block = AccessibleImageBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": image.pk, "decorative": False, "alt_text": ""}))


def test_an_image_marked_decorative_is_still_refused_without_alt_text(image):
    block = AccessibleImageBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": image.pk, "decorative": True, "alt_text": ""}))


def test_an_image_with_alt_text_is_accepted(image):
    block = AccessibleImageBlock()
    value = block.to_python({"image": image.pk, "decorative": False, "alt_text": "Une réunion"})
    assert block.clean(value).contextual_alt_text == "Une réunion"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=x",
        "https://youtu.be/x",
        "https://vimeo.com/123",
        "https://player.vimeo.com/video/123",
        "https://www.dailymotion.com/video/x7",
        "https://dai.ly/x7",
    ],
)
def test_youtube_vimeo_and_dailymotion_are_allowed(url):
    assert video_provider(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/watch?v=x",
        "https://youtube.com.evil.example/watch",
        "https://notyoutube.com/watch",
        "javascript:alert(1)//youtube.com",
        "ftp://youtube.com/x",
        "https://evil.example/?u=https://youtube.com",
    ],
)
def test_an_embed_from_another_host_is_refused_before_any_request(url, monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("no oEmbed request for a refused host")

    monkeypatch.setattr("wagtail.embeds.blocks.embed_to_frontend_html", fail)
    with pytest.raises(ValidationError):
        AllowedEmbedBlock().clean(EmbedValue(url))


def test_a_video_needs_a_transcript(cached_embed):
    block = VideoBlock()
    value = block.to_python({"video": VIDEO_URL, "title": "Pétitions", "transcript": ""})
    with pytest.raises(ValidationError):
        block.clean(value)
    value = block.to_python({"video": VIDEO_URL, "title": "Pétitions", "transcript": "<p>T</p>"})
    assert block.clean(value)["video"].url == VIDEO_URL


def test_the_video_block_shows_the_providers_player(cached_embed):
    block = BaseStreamBlock().child_blocks["video"]
    value = block.to_python({"video": VIDEO_URL, "title": "Pétitions", "transcript": "<p>…</p>"})
    assert 'src="https://www.youtube-nocookie.com/embed/x"' in block.render(value)


def test_hostile_embed_html_from_a_provider_is_reduced_to_nothing(cached_embed):
    cached_embed.html = (
        '<iframe src="https://evil.example/x" onload="alert(1)"></iframe><script>alert(1)</script>'
    )
    cached_embed.save()
    block = BaseStreamBlock().child_blocks["video"]
    value = block.to_python({"video": VIDEO_URL, "title": "Pétitions", "transcript": "<p>…</p>"})
    html = block.render(value)
    assert "evil.example" not in html and "<script" not in html and "onload" not in html
