"""HTTP hardening: a strict Content-Security-Policy on the public site (the Wagtail admin, which
needs inline scripts, has none), a Permissions-Policy everywhere, and project templates that
the policy cannot break."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cms.blocks import VIDEO_HOSTS

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

STRICT_POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}


def _policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("path", ["/ar/", "/fr/accounts/login/", "/en/accounts/signup/"])
def test_public_pages_carry_the_strict_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = _policy(response)
    for directive, values in STRICT_POLICY.items():
        assert policy[directive] == values, directive
    # Scripts and styles fall back to default-src 'self': no inline code, no outside origin.
    assert not {"script-src", "style-src", "script-src-attr", "style-src-attr"} & set(policy)
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header and "*" not in header


def test_a_signed_in_page_carries_the_policy_too(client, learner):
    client.force_login(learner)
    response = client.get("/fr/me/")
    assert response.status_code == 200
    assert _policy(response)["default-src"] == ["'self'"]


def test_frames_are_limited_to_the_accepted_video_players(client):
    sources = _policy(client.get("/ar/"))["frame-src"]
    hosts = [urlsplit(source) for source in sources]
    assert all(parts.scheme == "https" and parts.hostname for parts in hosts)
    allowed = set(VIDEO_HOSTS)

    def accepted(host):
        return any(host == domain or host.endswith("." + domain) for domain in allowed)

    # Nothing outside cms/blocks.py's list, and a player for every provider it accepts.
    assert all(accepted(parts.hostname) for parts in hosts), sources
    for provider in set(VIDEO_HOSTS.values()):
        domains = [domain for domain, name in VIDEO_HOSTS.items() if name == provider]
        assert any(
            parts.hostname == domain or parts.hostname.endswith("." + domain)
            for parts in hosts
            for domain in domains
        ), provider


def test_the_wagtail_admin_is_left_without_the_strict_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302  # to allauth's login, which has the policy
    assert "Content-Security-Policy" not in response


def test_the_wagtail_admin_works_for_the_platform_admin_without_the_policy(client):
    from accounts.services import user_create

    admin = user_create(email="root@example.org", is_superuser=True, email_verified=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


@pytest.mark.parametrize("path", ["/ar/", "/admin/login/", "/health/"])
def test_the_permissions_policy_denies_camera_microphone_location_and_payment(client, path):
    header = client.get(path)["Permissions-Policy"]
    features = dict(item.strip().split("=") for item in header.split(","))
    assert features == {"camera": "()", "microphone": "()", "geolocation": "()", "payment": "()"}


def test_the_other_security_headers_stay(client):
    response = client.get("/ar/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


# Rendered by WeasyPrint into PDF files, never sent to a browser: the policy does not apply.
PDF_TEMPLATES = {
    "certificates/templates/certificates/certificate_pdf.html",
    "courses/templates/courses/attendance/sheet_pdf.html",
    "grants/templates/grants/evidence_pack_summary.html",
}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def _project_templates():
    folders = [ROOT / "templates", *ROOT.glob("*/templates")]
    for folder in folders:
        if ".venv" in folder.parts:
            continue
        for path in folder.rglob("*.html"):
            relative = path.relative_to(ROOT).as_posix()
            if relative not in PDF_TEMPLATES:
                yield relative, path.read_text(encoding="utf-8")


def test_no_project_template_relies_on_inline_script_or_style():
    offenders = [
        name
        for name, text in _project_templates()
        if INLINE_SCRIPT.search(text) or INLINE_STYLE.search(text) or EVENT_HANDLER.search(text)
    ]
    assert offenders == []
