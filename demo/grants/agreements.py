"""The 2023 call as two programmes with their 52 and 45 partnership agreements."""

import datetime
from decimal import Decimal

from grants.models import Agreement, Programme
from grants.services import agreement_create, programme_create

from .tranches import agreement_details as _agreement_details
from .tranches import seed_tranches

SIGNED_ON = datetime.date(2023, 12, 19)  # the signing ceremony in Rabat

PROGRAMMES = [
    {
        "field": Programme.Field.PARTICIPATORY_DEMOCRACY,
        "code": "PD",
        "count": 52,
        "title_ar": "التواصل حول آليات الديمقراطية التشاركية",
        "title_fr": "Communication sur les mécanismes de la démocratie participative",
        "strategy_reference": "Nassij 2022-2026 — programme 3",
        "themes": ["awareness_campaigns", "territorial_dialogue", "civic_tech"],
        "projects": [
            (
                "حملة تحسيسية حول الإطار القانوني للديمقراطية التشاركية",
                "Campagne de sensibilisation au cadre juridique de la démocratie participative",
            ),
            (
                "لقاءات حوارية ترابية بين الفاعلين في الديمقراطية التشاركية",
                "Rencontres de dialogue territorial entre acteurs de la démocratie participative",
            ),
            (
                "أدوات رقمية مبتكرة لتعزيز المشاركة المواطنة",
                "Outils numériques innovants pour la participation citoyenne",
            ),
        ],
    },
    {
        "field": Programme.Field.DIGITALIZATION,
        "code": "DG",
        "count": 45,
        "title_ar": "ولوج الجمعيات إلى الرقمنة",
        "title_fr": "Accès des associations à la digitalisation",
        "strategy_reference": "Nassij 2022-2026",
        "themes": ["cybersecurity_data_protection", "digital_marketing", "digital_content"],
        "projects": [
            (
                "تقوية قدرات الجمعيات في الأمن السيبراني وحماية المعطيات الشخصية",
                "Renforcement des capacités en cybersécurité et protection des données "
                "personnelles",
            ),
            (
                "التواصل الرقمي والتسويق الرقمي للجمعيات",
                "Communication et marketing digitaux pour les associations",
            ),
            ("تدبير المحتوى الرقمي للجمعيات", "Gestion du contenu numérique des associations"),
        ],
    },
]


def seed(*, rng, context, log):
    funder = context["funder"]
    trainers = iter(context["trainers"])
    programmes = {}
    for spec in PROGRAMMES:
        programme = Programme.objects.filter(funder=funder, field=spec["field"], year=2023).first()
        if programme is None:
            programme = programme_create(
                funder=funder,
                field=spec["field"],
                title_ar=spec["title_ar"],
                title_fr=spec["title_fr"],
                year=2023,
                strategy_reference=spec["strategy_reference"],
                themes=spec["themes"],
            )
        programmes[spec["field"]] = programme
        for number in range(1, spec["count"] + 1):
            association = next(trainers)
            reference = f"2023-{spec['code']}-{number:03d}"
            title_ar, title_fr = spec["projects"][(number - 1) % len(spec["projects"])]
            amount = Decimal(rng.randrange(150_000, 500_001, 5_000))
            if Agreement.objects.filter(reference=reference).exists():
                continue
            agreement_create(
                **_agreement_details(reference, association),
                programme=programme,
                association=association,
                reference=reference,
                project_title_ar=f"{title_ar} ب{association.province.name_ar}",
                project_title_fr=f"{title_fr} — {association.province.name_fr}",
                signed_on=SIGNED_ON,
                starts_on=datetime.date(2024, 1, 15),
                # Projects run to the end of the Nassij 2022-2026 strategy, so the demo's
                # current sessions and certificates fall inside their agreements.
                ends_on=datetime.date(2026, 12, 31),
                amount=amount,
            )
    context["programmes"] = programmes
    log(f"Programmes: {len(programmes)}; agreements: {Agreement.objects.count()}.")
    seed_tranches(context=context, log=log)
