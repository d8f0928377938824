"""The 2023 call as two programmes with their 52 and 45 partnership agreements, and a 2025
call for the associations' digitalization paid in three tranches (30/40/30: on signature,
then on the achievement verified for each half of the agreement's period), whose six
agreements show the follow-up: one with tranche 2 paid and its tranche-3 request under
review, two whose reports are due within days, one whose reports are late."""

import datetime
from decimal import Decimal

from django.utils import timezone

from grants.models import Agreement, Programme, TranchePlanItem
from grants.services import agreement_create, programme_create

from .tranches import THIRD_PREFIX, seed_tranches
from .tranches import agreement_details as _agreement_details

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
    seed_third_programme(context=context)
    log(f"Programmes: {len(programmes) + 1}; agreements: {Agreement.objects.count()}.")
    seed_tranches(context=context, log=log)


# --- The 2025 call, paid in three tranches -----------------------------------------------------

THIRD = {
    "field": Programme.Field.DIGITALIZATION,
    "year": 2025,
    "title_ar": "رقمنة الجمعيات: الدعوة الثانية",
    "title_fr": "Digitalisation des associations — deuxième appel",
    "strategy_reference": "Nassij 2022-2026 — programme 4",
    "themes": ["digital_content", "digital_marketing"],
    "plan": [
        (1, Decimal("30"), TranchePlanItem.Trigger.ON_SIGNATURE),
        (2, Decimal("40"), TranchePlanItem.Trigger.ON_VERIFIED_ACHIEVEMENT),
        (3, Decimal("30"), TranchePlanItem.Trigger.ON_VERIFIED_ACHIEVEMENT),
    ],
}
# Digitalization associations of the 2023 call (2023-DG-007 to 012: tranche 1 paid, no demo
# account's story), so the courses' fields and the certificates' sponsors stay as they were.
THIRD_TRAINERS = range(58, 64)
# Story → days from today to the end of tranche 2's period (each half of the agreement is 180
# days); reports are due 30 days after it. "tranche_3": tranche 2 paid, its tranche-3 request
# under review (tranche 3's period ended 40 days ago).
THIRD_STORIES = [
    ("tranche_3", -220),
    ("due_soon", -26),  # reports due in 4 days
    ("due_soon", -24),  # in 6 days
    ("late", -35),  # 5 days late
    ("due_later", 30),
    ("due_later", 90),
]
HALF = 180


def third_programme_dates(offset: int, today: datetime.date) -> dict:
    """An agreement of 2 x 180 days whose tranche 2 period ends ``offset`` days from today."""
    starts_on = today + datetime.timedelta(days=offset - HALF + 1)
    return {
        "signed_on": starts_on - datetime.timedelta(days=20),
        "starts_on": starts_on,
        "ends_on": starts_on + datetime.timedelta(days=2 * HALF - 1),
    }


def seed_third_programme(*, context):
    funder = context["funder"]
    programme = Programme.objects.filter(
        funder=funder, field=THIRD["field"], year=THIRD["year"]
    ).first()
    if programme is None:
        programme = programme_create(
            funder=funder,
            field=THIRD["field"],
            title_ar=THIRD["title_ar"],
            title_fr=THIRD["title_fr"],
            year=THIRD["year"],
            strategy_reference=THIRD["strategy_reference"],
            themes=THIRD["themes"],
            tranche_plan=THIRD["plan"],
        )
    context["third_programme"] = programme
    today = timezone.localdate()
    for number, (index, (_story, offset)) in enumerate(
        zip(THIRD_TRAINERS, THIRD_STORIES, strict=True), start=1
    ):
        reference = f"{THIRD_PREFIX}{number:03d}"
        if Agreement.objects.filter(reference=reference).exists():
            continue
        association = context["trainers"][index]
        title_ar, title_fr = PROGRAMMES[1]["projects"][number % 3]
        agreement_create(
            **_agreement_details(reference, association),
            **third_programme_dates(offset, today),
            programme=programme,
            association=association,
            reference=reference,
            project_title_ar=f"{title_ar} (الدعوة الثانية)",
            project_title_fr=f"{title_fr} (deuxième appel)",
            amount=Decimal(150_000 + 25_000 * number),
        )
