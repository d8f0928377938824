"""Public open-data pages and files (no sign-in, no personal data)."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from core.exports import export_csv

from . import opendata

SCHEMA_PATH = Path(settings.BASE_DIR) / "docs" / "open-data" / "agreements.schema.json"


def _base_url(request) -> str:
    return opendata.site_url() or request.build_absolute_uri("/").rstrip("/")


@require_GET
def index(request):
    return render(
        request, "api/opendata/index.html", {"programmes": list(opendata.public_programmes())}
    )


@require_GET
def programme(request, pk):
    programme = get_object_or_404(opendata.public_programmes(), pk=pk)
    document = opendata.programme_open_data(programme=programme, base_url=_base_url(request))
    return render(
        request,
        "api/opendata/programme.html",
        {"programme": programme, "document": document},
    )


@require_GET
def programme_json(request, pk):
    programme = get_object_or_404(opendata.public_programmes(), pk=pk)
    document = opendata.programme_open_data(programme=programme, base_url=_base_url(request))
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'inline; filename="programme-{pk}-agreements.json"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def programme_csv(request, pk):
    programme = get_object_or_404(opendata.public_programmes(), pk=pk)
    document = opendata.programme_open_data(programme=programme, base_url=_base_url(request))
    content = export_csv(header=opendata.CSV_HEADER, rows=opendata.csv_rows(document))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="programme-{pk}-agreements.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def catalog(request):
    document = opendata.dcat_catalog(base_url=_base_url(request))
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1),
        content_type="application/ld+json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def schema(request):
    response = HttpResponse(
        SCHEMA_PATH.read_bytes(), content_type="application/schema+json; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
