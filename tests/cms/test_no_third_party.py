"""The site and its admin load nothing from another site: no fonts, scripts, styles, images or
avatars from a third party (a staff member's e-mail hash sent to Gravatar is personal data
leaving the platform)."""

from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest

from accounts.services import user_create
from tests.factories import cms as factories

pytestmark = pytest.mark.django_db

# What the browser fetches by itself when it renders the page (links the person clicks, such as
# <a href>, are not loads).
LOADING = {
    "img": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "link": ("href",),
}
LINK_LOADS = {
    "stylesheet",
    "icon",
    "preload",
    "prefetch",
    "modulepreload",
    "manifest",
    "apple-touch-icon",
}


class _Loads(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and not (set((attributes.get("rel") or "").split()) & LINK_LOADS):
            return
        for name in LOADING.get(tag, ()):
            value = attributes.get(name)
            if not value:
                continue
            if name == "srcset":
                self.urls += [
                    part.strip().split(" ")[0] for part in value.split(",") if part.strip()
                ]
            else:
                self.urls.append(value)


def _external_loads(html: str) -> list[str]:
    parser = _Loads()
    parser.feed(html)
    return [u for u in parser.urls if urlparse(u).netloc not in ("", "testserver")]


def test_the_parser_finds_an_external_load():
    html = '<img src="//www.gravatar.com/avatar/abc"><a href="https://example.org/">x</a>'
    assert _external_loads(html) == ["//www.gravatar.com/avatar/abc"]


@pytest.fixture
def site(db):
    home = factories.arabic_home()
    factories.translate(home, "fr", title="Tamkeen")
    factories.awareness_article(factories.awareness_index(home))
    return home


@pytest.mark.parametrize(
    "path",
    [
        "/ar/",
        "/fr/",
        "/fr/accounts/login/",
        "/ar/accounts/signup/",
        "/fr/sessions/",
        "/fr/search/?q=x",
    ],
)
def test_public_pages_load_nothing_from_another_site(client, site, path):
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert _external_loads(response.content.decode()) == []


def test_the_admin_dashboard_and_editor_load_nothing_from_another_site(client, site):
    admin = user_create(email="admin-avatar@example.org", is_superuser=True, email_verified=True)
    client.force_login(admin)
    for path in ("/admin/", f"/admin/pages/{site.pk}/edit/", "/admin/pages/"):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "gravatar" not in html.lower(), path
        assert _external_loads(html) == [], path
