"""The site search finds the public verification page: for the words people type in Arabic,
French or English, and for a certificate code, which opens that certificate."""

import pytest

from tests.factories import cms as cms_factories
from tests.factories.certificates import issued_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    home = cms_factories.arabic_home()
    cms_factories.translate(home, "fr", title="Tamkeen")
    return home


@pytest.mark.parametrize(
    "language, query",
    [("fr", "vérifier une attestation"), ("ar", "التحقق من شهادة"), ("en", "certificate")],
)
def test_asking_for_verification_finds_the_verification_page(client, site, language, query):
    html = client.get(f"/{language}/search/", {"q": query}).content.decode()
    assert f'href="/{language}/verify/"' in html


def test_a_typed_code_opens_its_certificate(client, site):
    certificate = issued_certificate()
    html = client.get("/fr/search/", {"q": certificate.code_display.lower()}).content.decode()
    assert f'href="/fr/verify/{certificate.code}/"' in html


def test_other_words_and_a_code_with_a_typo_find_no_verification_link(client, site):
    certificate = issued_certificate()
    typo = certificate.code[:-1] + ("A" if certificate.code[-1] != "A" else "B")
    for query in ("pétition", typo):
        html = client.get("/fr/search/", {"q": query}).content.decode()
        assert "/fr/verify/" not in html.split("<main", 1)[1].split("</main>", 1)[0], query
