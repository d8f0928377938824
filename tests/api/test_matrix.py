"""Every endpoint × every scope, as the URL × role matrix does for pages: the scope an endpoint
names opens it, every other scope is 403, no token is 401, and an endpoint that names no scope
(and is not public on purpose) fails by name."""

import pytest
from django.utils import timezone

from api.scopes import NAMES_READ, PAYMENTS_WRITE, SCOPES
from api.v1 import api

from ..factories.api import api_client
from .conftest import bearer

pytestmark = pytest.mark.django_db

PUBLIC = {"certificate"}  # public verification: the same answer with or without a token


def _operations():
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    yield path, method, operation


def test_every_endpoint_names_its_scope_or_is_public_on_purpose():
    for path, method, operation in _operations():
        name = operation.url_name
        if name in PUBLIC:
            assert not operation.auth_callbacks, name
        else:
            assert getattr(operation.view_func, "required_scope", None) in SCOPES, (method, path)


def _url(path, world):
    return "/api/v1/" + (
        path.replace("{programme_id}", str(world["programme"].pk))
        .replace("{reference}", world["agreement"].reference)
        .replace("{tranche_id}", str(world["tranche"].pk))
        .replace("{code}", "NOPE")
    ).lstrip("/")


def _call(client, method, url, token=None):
    headers = bearer(token) if token else {}
    if method == "POST":
        body = {"paid_on": timezone.localdate().isoformat(), "reference": "VIR-M"}
        return client.post(url, body, content_type="application/json", **headers)
    return client.get(url, **headers)


def test_each_scope_opens_only_its_endpoints(
    client, funder, finance, officer, programme, agreement, django_db_blocker
):
    world = {
        "programme": programme,
        "agreement": agreement,
        "tranche": agreement.tranches.get(number=1),
    }
    tokens = {
        scope: api_client(funder, officer if scope == NAMES_READ else finance, scope)[1]
        for scope in SCOPES
    }
    failures = []
    for path, method, operation in _operations():
        url = _url(path, world)
        name = operation.url_name
        if name in PUBLIC:
            for token in [None, *tokens.values()]:
                status = _call(client, method, url, token).status_code
                if status not in (200, 404):
                    failures.append((name, "public", status))
            continue
        status = _call(client, method, url).status_code
        if status != 401:
            failures.append((name, "no token", status))
        required = operation.view_func.required_scope
        for scope, token in tokens.items():
            response = _call(client, method, url, token)
            expected = 200 if scope == required else 403
            if response.status_code != expected:
                failures.append((name, scope, response.status_code, response.content[:200]))
            elif expected == 403 and response.json()["code"] != "scope_missing":
                failures.append((name, scope, response.json()["code"]))
    assert not failures, failures
    assert PAYMENTS_WRITE in tokens
