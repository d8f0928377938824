"""Open data on public money: per programme, each agreement's association, region, amount,
tranches paid and aggregate results; no personal data. Built from the funder dashboard's
rows (``grants.dashboard.programme_dashboard``), so the figures are the dashboard's."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from grants.dashboard import programme_dashboard
from grants.models import Programme, Tranche

SCHEMA_VERSION = "1.0"
CURRENCY = "MAD"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"

CSV_HEADER = [
    "programme_id",
    "agreement_reference",
    "association_name_ar",
    "association_name_fr",
    "association_registration_number",
    "region_code",
    "region_name_ar",
    "region_name_fr",
    "amount",
    "currency",
    "tranches",
    "tranches_paid",
    "amount_paid",
    "sessions",
    "beneficiaries",
    "women_share",
    "regions_reached",
    "certificates",
]


def public_programmes():
    return Programme.objects.select_related("funder").order_by("-year", "pk")


def _amount(value) -> str:
    return f"{Decimal(value or 0):.2f}"


def _agreement_entry(row) -> dict:
    agreement, figures = row.agreement, row.figures
    association = agreement.association
    region = association.region
    paid = [t for t in agreement.tranches.all() if t.status == Tranche.Status.PAID]
    return {
        "reference": agreement.reference,
        "association": {
            "name_ar": association.name_ar,
            "name_fr": association.name_fr,
            "registration_number": association.registration_number,
        },
        "region": (
            {"code": region.code, "name_ar": region.name_ar, "name_fr": region.name_fr}
            if region
            else None
        ),
        "signed_on": agreement.signed_on.isoformat(),
        "starts_on": agreement.starts_on.isoformat(),
        "ends_on": agreement.ends_on.isoformat(),
        "amount": {"amount": _amount(agreement.amount), "currency": CURRENCY},
        "tranches": len(agreement.tranches.all()),
        "tranches_paid": len(paid),
        "amount_paid": {"amount": _amount(sum(t.amount for t in paid)), "currency": CURRENCY},
        "results": {
            "sessions": figures["sessions"],
            "beneficiaries": figures["beneficiaries"],
            "women_share": figures["women_share"],
            "regions_reached": list(figures["regions"]),
            "certificates": figures["certificates"] or 0,
        },
    }


def programme_open_data(*, programme, base_url: str = "") -> dict:
    """The programme's open-data document (docs/open-data/agreements.schema.json)."""
    board = programme_dashboard(programme=programme, sort="reference")
    entries = [_agreement_entry(row) for row in board["rows"]]
    totals = board["totals"]
    reached = sorted({code for entry in entries for code in entry["results"]["regions_reached"]})
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": timezone.now().replace(microsecond=0).isoformat(),
        "license": LICENSE,
        "programme": {
            "id": programme.pk,
            "title_ar": programme.title_ar,
            "title_fr": programme.title_fr,
            "field": programme.field,
            "year": programme.year,
            "funder": {"name_ar": programme.funder.name_ar, "name_fr": programme.funder.name_fr},
            "url": base_url + reverse("opendata:programme", args=[programme.pk]),
        },
        "totals": {
            "agreements": len(entries),
            "amount": {"amount": _amount(totals["amount"]), "currency": CURRENCY},
            "amount_paid": {
                "amount": _amount(sum(Decimal(e["amount_paid"]["amount"]) for e in entries)),
                "currency": CURRENCY,
            },
            "sessions": totals["sessions"],
            "beneficiaries": totals["beneficiaries"],
            "women_share_percent": totals["women_share"],
            "regions_reached": reached,
        },
        "agreements": entries,
    }


def csv_rows(document: dict) -> list[list]:
    programme_id = document["programme"]["id"]
    rows = []
    for entry in document["agreements"]:
        region = entry["region"] or {"code": "", "name_ar": "", "name_fr": ""}
        results = entry["results"]
        rows.append(
            [
                programme_id,
                entry["reference"],
                entry["association"]["name_ar"],
                entry["association"]["name_fr"],
                entry["association"]["registration_number"],
                region["code"],
                region["name_ar"],
                region["name_fr"],
                entry["amount"]["amount"],
                CURRENCY,
                entry["tranches"],
                entry["tranches_paid"],
                entry["amount_paid"]["amount"],
                results["sessions"],
                results["beneficiaries"],
                results["women_share"] or "",
                " ".join(results["regions_reached"]),
                results["certificates"],
            ]
        )
    return rows


def site_url() -> str:
    return str(getattr(settings, "SITE_URL", "") or "").rstrip("/")


def dcat_catalog(*, base_url: str) -> dict:
    """A DCAT-AP catalogue (JSON-LD): one dataset per programme, with its CSV and JSON
    distributions and the documented schema (what CKAN's DCAT harvesters read)."""
    schema_url = base_url + reverse("opendata:schema")
    datasets = []
    for programme in public_programmes():
        page = base_url + reverse("opendata:programme", args=[programme.pk])
        datasets.append(
            {
                "@id": page,
                "@type": "dcat:Dataset",
                "dct:identifier": f"tamkeen-programme-{programme.pk}",
                "dct:title": [
                    {"@language": "ar", "@value": programme.title_ar},
                    {"@language": "fr", "@value": programme.title_fr},
                ],
                "dct:description": [
                    {
                        "@language": "fr",
                        "@value": (
                            "Conventions de partenariat du programme : association, région, "
                            "montant, tranches payées et résultats agrégés (sans données "
                            "personnelles)."
                        ),
                    }
                ],
                "dct:publisher": {
                    "@type": "foaf:Agent",
                    "foaf:name": programme.funder.name_fr,
                },
                "dct:issued": {"@type": "xsd:gYear", "@value": str(programme.year)},
                "dct:modified": {
                    "@type": "xsd:dateTime",
                    "@value": timezone.now().replace(microsecond=0).isoformat(),
                },
                "dct:spatial": {
                    "@id": "http://publications.europa.eu/resource/authority/country/MAR"
                },
                "dct:language": [
                    {"@id": "http://publications.europa.eu/resource/authority/language/ARA"},
                    {"@id": "http://publications.europa.eu/resource/authority/language/FRA"},
                ],
                "dcat:theme": {
                    "@id": "http://publications.europa.eu/resource/authority/data-theme/GOVE"
                },
                "dcat:keyword": ["subventions", "associations", "argent public", programme.field],
                "dcat:landingPage": {"@id": page},
                "dct:conformsTo": {"@id": schema_url},
                "dcat:distribution": [
                    _distribution(
                        base_url + reverse("opendata:csv", args=[programme.pk]),
                        "CSV",
                        "text/csv",
                        schema_url,
                    ),
                    _distribution(
                        base_url + reverse("opendata:json", args=[programme.pk]),
                        "JSON",
                        "application/json",
                        schema_url,
                    ),
                ],
            }
        )
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": base_url + reverse("opendata:catalog"),
        "@type": "dcat:Catalog",
        "dct:title": [
            {"@language": "fr", "@value": "Tamkeen : données ouvertes sur l'argent public"},
            {"@language": "ar", "@value": "تمكين: البيانات المفتوحة حول المال العام"},
        ],
        "dct:license": {"@id": LICENSE},
        "dcat:dataset": datasets,
    }


def _distribution(url: str, title: str, media_type: str, schema_url: str) -> dict:
    return {
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media_type}"},
        "dct:format": title,
        "dct:license": {"@id": LICENSE},
        "dct:conformsTo": {"@id": schema_url},
    }
