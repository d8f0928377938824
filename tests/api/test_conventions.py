"""What a client developer expects: cursor pagination, ETags, problem+json in the request's
language, an OpenAPI 3.1 schema, and a documentation page built from local files only."""

import re

import pytest

from grants.services import agreement_tranches_create

from ..factories.grants import AgreementFactory
from .conftest import bearer

pytestmark = pytest.mark.django_db


def test_the_cursor_walks_every_agreement_once(client, finance_token, programme, agreement):
    for _ in range(4):
        agreement_tranches_create(agreement=AgreementFactory(programme=programme))
    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        data = client.get("/api/v1/agreements", query, **bearer(finance_token)).json()
        seen += [item["reference"] for item in data["items"]]
        pages += 1
        cursor = data["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 5


def test_a_malformed_cursor_is_a_400_problem(client, finance_token):
    response = client.get("/api/v1/agreements", {"cursor": "a b"}, **bearer(finance_token))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"


def test_invalid_input_is_a_400_problem_naming_the_input(client, finance_token):
    response = client.get("/api/v1/agreements", {"limit": "many"}, **bearer(finance_token))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["errors"][0]["loc"][-1] == "limit"


def test_an_unchanged_answer_is_304_with_if_none_match(client, finance_token, agreement):
    first = client.get("/api/v1/agreements", **bearer(finance_token))
    etag = first["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    second = client.get("/api/v1/agreements", HTTP_IF_NONE_MATCH=etag, **bearer(finance_token))
    assert second.status_code == 304 and second.content == b""
    assert second["ETag"] == etag
    agreement.project_title_fr = "Autre titre"
    agreement.save()
    third = client.get("/api/v1/agreements", HTTP_IF_NONE_MATCH=etag, **bearer(finance_token))
    assert third.status_code == 200 and third["ETag"] != etag


@pytest.mark.parametrize(
    ("language", "detail"),
    [
        ("fr", "Attestation introuvable."),
        ("ar", "لم يتم العثور على الشهادة."),
        ("en", "Certificate not found."),
    ],
)
def test_the_problem_detail_is_in_the_language_of_the_request(client, db, language, detail):
    response = client.get("/api/v1/certificates/NOPE", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json; charset=utf-8"
    assert response["Content-Language"] == language
    assert response.json()["detail"] == detail


def test_the_schema_is_openapi_3_1_with_problems_documented(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            for code, answer in operation["responses"].items():
                if int(code) >= 400:
                    assert list(answer["content"]) == ["application/problem+json"], (path, code)


def test_the_documentation_page_loads_only_local_files(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(url.startswith("/static/") for url in urls), urls
    assert "<script>" not in html  # no inline script: the CSP stays strict
    assert (
        "script-src" in response["Content-Security-Policy"]
        or "default-src 'self'" in (response["Content-Security-Policy"])
    )


def test_the_bank_details_never_leave(client, finance_token, agreement):
    for path in ("/api/v1/agreements", f"/api/v1/agreements/{agreement.reference}"):
        text = client.get(path, **bearer(finance_token)).content.decode()
        assert agreement.rib not in text and agreement.rib_last4 not in text
