"""sanitize_html turns hostile HTML into inert markup; sanitize_text keeps only text."""

import html
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from core.sanitizer import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_html, sanitize_text

XSS_VECTORS = [
    # event handlers
    '<img src=x onerror="alert(1)">',
    "<body onload=alert(1)>",
    '<p onclick="alert(1)" onmouseover=alert(1)>text</p>',
    "<details open ontoggle=alert(1)>",
    '<a href="https://example.org" onfocus=alert(1) autofocus>x</a>',
    # javascript:, vbscript: and data: URLs, in several encodings
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#9;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="java\0script:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<blockquote cite="javascript:alert(1)">q</blockquote>',
    # script, SVG and MathML
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mtext></math>",
    '<math href="javascript:alert(1)">x</math>',
    # frames, objects, srcdoc, forms
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:image/svg+xml;base64,PHN2Zz4=">',
    '<form action="https://evil.example"><button formaction="javascript:alert(1)">go</button>',
    '<input type="image" formaction=javascript:alert(1) src=x>',
    '<isindex action="javascript:alert(1)" type=image>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    # style and CSS tricks
    "<style>@import 'https://evil.example/x.css';</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<p style="position:fixed;inset:0;z-index:9999">overlay</p>',
    '<div style="behavior:url(x.htc);-moz-binding:url(x.xml#xss)">x</div>',
    '<span style="width:expression(alert(1))">x</span>',
    # broken, nested and smuggled markup
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1)//<</script>",
    '<a href="https://example.org"<script>alert(1)</script>>x</a>',
    "<img/src=x/onerror=alert(1)>",
    '<p title="</p><script>alert(1)</script>">x</p>',
    "<!--<script>alert(1)</script>-->",
    "<!--[if IE]><script>alert(1)</script><![endif]-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "<textarea><script>alert(1)</script></textarea>",
    "<xmp><script>alert(1)</script></xmp>",
    '<a href="https://example.org" target="_blank" id="location">x</a>',
]


class _Inspector(HTMLParser):
    """Collects every tag, attribute and comment the browser would see."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.comments.append(data)


def _assert_inert(output: str) -> None:
    inspector = _Inspector()
    inspector.feed(output)
    inspector.close()
    assert not inspector.comments, output
    for tag, attrs in inspector.tags:
        assert tag in ALLOWED_TAGS, output
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ALLOWED_ATTRIBUTES["*"] | {"rel"}
        for name, value in attrs:
            assert name in allowed, output
            assert not name.startswith("on"), output
            if name in ("href", "cite") and value:
                scheme = urlsplit(html.unescape(value).strip()).scheme.lower()
                assert scheme in ("", "http", "https", "mailto"), output
    # Escaped text such as "&lt;script&gt;" is inert; a raw tag is not.
    assert "<script" not in output.lower(), output


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_sanitize_html_makes_every_xss_vector_inert(vector):
    _assert_inert(sanitize_html(vector))


def test_sanitize_html_keeps_ordinary_formatting():
    source = "<p>Une <strong>pétition</strong> et <em>une motion</em>.</p><ul><li>un</li></ul>"
    assert sanitize_html(source) == source


def test_links_keep_safe_schemes_and_gain_rel_noopener():
    output = sanitize_html(
        '<a href="https://www.cndp.ma">CNDP</a> <a href="mailto:contact@example.org">mail</a>'
    )
    assert 'href="https://www.cndp.ma"' in output
    assert 'href="mailto:contact@example.org"' in output
    assert output.count('rel="noopener noreferrer"') == 2


def test_a_forged_rel_or_target_is_not_kept():
    output = sanitize_html('<a href="https://example.org" rel="opener" target="_blank">x</a>')
    assert 'rel="noopener noreferrer"' in output
    assert "opener" not in output.replace("noopener", "")
    assert "target" not in output


def test_style_attributes_and_comments_are_dropped():
    output = sanitize_html('<p style="color:red">x</p><!-- secret -->')
    assert output == "<p>x</p>"


def test_arabic_text_and_direction_survive():
    source = '<p dir="rtl" lang="ar">الديمقراطية التشاركية</p>'
    assert sanitize_html(source) == source


def test_empty_input_gives_empty_output():
    assert sanitize_html("") == ""
    assert sanitize_text("") == ""


def test_sanitize_text_removes_every_tag_and_escapes_the_rest():
    assert sanitize_text("<b>Bonjour</b> <script>alert(1)</script>& co") == "Bonjour &amp; co"


@pytest.mark.parametrize(
    "html",
    [
        '<iframe src="https://evil.example/embed"></iframe>',
        '<iframe src="http://www.youtube.com/embed/x"></iframe>',
        '<iframe src="https://youtube.com.evil.example/embed"></iframe>',
        '<iframe src="javascript:alert(1)"></iframe>',
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        "<script>alert(1)</script>",
        '<img src="https://www.youtube.com/x" onerror="alert(1)">',
    ],
)
def test_embed_html_keeps_nothing_but_an_allowed_https_player(html):
    from core.sanitizer import sanitize_embed

    assert sanitize_embed(html, allowed_hosts={"youtube.com"}) == ""


def test_an_allowed_player_keeps_its_safe_attributes_only():
    from core.sanitizer import sanitize_embed

    html = (
        '<iframe src="https://www.youtube.com/embed/x" title="Vidéo" width="560" '
        'allowfullscreen onload="alert(1)" style="position:fixed"></iframe>'
    )
    cleaned = sanitize_embed(html, allowed_hosts={"youtube.com"})
    assert 'src="https://www.youtube.com/embed/x"' in cleaned and 'title="Vidéo"' in cleaned
    assert "onload" not in cleaned and "style" not in cleaned
