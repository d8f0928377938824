"""The one place that makes user-supplied HTML safe to show.

Wagtail's rich text is already filtered by its own editor whitelist; everything else a user can
type (quiz feedback, report narratives, messages) goes through :func:`sanitize_html` before it is
stored or rendered, and a video provider's embed HTML through :func:`sanitize_embed`. Built on
nh3 (Rust's ammonia): an allowlist, never a blocklist.
"""

import nh3

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl", "dt",
        "em", "h2", "h3", "h4", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q",
        "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "u", "ul",
    }
)  # fmt: skip

# No ``style`` anywhere (CSS can hide, overlay or exfiltrate), no event handlers, no ``id``
# (it could clobber DOM globals the page's own scripts rely on).
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
    "*": {"lang", "dir"},
}

URL_SCHEMES = frozenset({"http", "https", "mailto"})

# Dropped with their content, not just unwrapped: their text is code or markup, never prose.
CLEAN_CONTENT_TAGS = frozenset({"script", "style", "template", "iframe", "object", "noscript"})


# Built once: the allowlist is compiled into the cleaner, not re-read on every call.
_HTML_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(CLEAN_CONTENT_TAGS),
    attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    link_rel="noopener noreferrer",
    strip_comments=True,
)
_TEXT_CLEANER = nh3.Cleaner(tags=set(), clean_content_tags=set(CLEAN_CONTENT_TAGS))


def sanitize_html(html: str) -> str:
    """Return ``html`` reduced to inert markup: allowlisted tags and attributes, links limited to
    http, https and mailto and opened with ``rel="noopener noreferrer"``, no comments."""
    if not html:
        return ""
    return _HTML_CLEANER.clean(html)


def sanitize_text(text: str) -> str:
    """Return ``text`` with every tag removed and the rest escaped, for plain-text fields."""
    if not text:
        return ""
    return _TEXT_CLEANER.clean(text)


# An oEmbed provider's player: one iframe, https only, from a host the caller allows.
_EMBED_ATTRIBUTES = {
    "iframe": {"src", "width", "height", "title", "allow", "allowfullscreen", "loading",
               "referrerpolicy", "frameborder"},
}  # fmt: skip


def _host_allowed(host: str, allowed_hosts) -> bool:
    host = host.lower()
    return any(host == allowed or host.endswith("." + allowed) for allowed in allowed_hosts)


def sanitize_embed(html: str, *, allowed_hosts) -> str:
    """Return a provider's embed HTML reduced to its player iframe, or ``""``.

    Embed HTML comes from the provider, not from our editors, so it is not trusted either:
    scripts, handlers and any frame whose https ``src`` is not on ``allowed_hosts`` go.
    """
    if not html:
        return ""
    from urllib.parse import urlsplit

    def keep(tag, attribute, value):
        if tag == "iframe" and attribute == "src":
            parts = urlsplit(value)
            if parts.scheme != "https" or not _host_allowed(parts.hostname or "", allowed_hosts):
                return None
        return value

    cleaner = nh3.Cleaner(
        tags={"iframe"},
        clean_content_tags={"script", "style", "template", "object", "noscript"},
        attributes={tag: set(attrs) for tag, attrs in _EMBED_ATTRIBUTES.items()},
        url_schemes={"https"},
        attribute_filter=keep,
        strip_comments=True,
    )
    return _first_player(cleaner.clean(html))


def _first_player(cleaned: str) -> str:
    """The first iframe that kept its ``src``, rebuilt from its attributes with nothing inside.

    An iframe's content is raw text to a browser, so ammonia passes it through unescaped
    (``<iframe><script>…`` stays as typed): harmless inside the frame, live anywhere that
    markup were moved. A player needs no content and one frame, so only that is returned;
    a frame whose ``src`` was dropped would show an empty box, so then nothing is.
    """
    from html import escape
    from html.parser import HTMLParser

    class Frames(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.frames = []

        def handle_starttag(self, tag, attrs):
            if tag == "iframe":
                self.frames.append(attrs)

    parser = Frames()
    parser.feed(cleaned)
    parser.close()
    # The first iframe seen is a real element: before it, ammonia has escaped every "<".
    attrs = parser.frames[0] if parser.frames else []
    if not any(name == "src" and value for name, value in attrs):
        return ""
    rendered = " ".join(
        name if value is None else f'{name}="{escape(value, quote=True)}"'
        for name, value in attrs
        if name in _EMBED_ATTRIBUTES["iframe"]
    )
    return f"<iframe {rendered}></iframe>"
