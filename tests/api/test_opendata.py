"""Open data on public money: the JSON validates against its documented schema, the CSV has
the documented columns, the DCAT-AP catalogue lists each programme, and no personal data."""

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings

from api.opendata import CSV_HEADER

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(settings.BASE_DIR) / "docs" / "open-data" / "agreements.schema.json").read_text()
)


def test_the_json_file_validates_against_its_documented_schema(client, agreement, programme):
    response = client.get(f"/fr/open-data/programmes/{programme.pk}/agreements.json")
    assert response.status_code == 200
    document = response.json()
    jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(document)
    entry = document["agreements"][0]
    assert entry["reference"] == agreement.reference
    assert entry["amount"] == {"amount": "200000.00", "currency": "MAD"}
    assert entry["tranches"] == 2 and entry["tranches_paid"] == 0


def test_the_files_hold_no_personal_data(client, agreement, programme, officer, finance):
    text = client.get(f"/fr/open-data/programmes/{programme.pk}/agreements.json").content.decode()
    text += client.get(f"/fr/open-data/programmes/{programme.pk}/agreements.csv").content.decode()
    for person in (officer, finance):
        assert person.email not in text and person.full_name_latin not in text
    assert agreement.rib not in text and agreement.rib_last4 not in text


def test_the_csv_has_the_documented_columns(client, agreement, programme):
    response = client.get(f"/ar/open-data/programmes/{programme.pk}/agreements.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == CSV_HEADER
    assert rows[1][1] == agreement.reference


def test_the_dcat_catalogue_lists_each_programme_with_its_files(client, programme):
    response = client.get("/fr/open-data/catalog.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    catalog = response.json()
    assert catalog["@type"] == "dcat:Catalog"
    dataset = catalog["dcat:dataset"][0]
    assert dataset["dct:identifier"] == f"tamkeen-programme-{programme.pk}"
    formats = {d["dct:format"] for d in dataset["dcat:distribution"]}
    assert formats == {"CSV", "JSON"}
    assert client.get(dataset["dct:conformsTo"]["@id"].split("testserver")[-1]).status_code == 200


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_public_page_lists_each_agreement(client, agreement, programme, language):
    response = client.get(f"/{language}/open-data/programmes/{programme.pk}/")
    assert response.status_code == 200
    assert agreement.reference in response.content.decode()
    assert client.get(f"/{language}/open-data/").status_code == 200
