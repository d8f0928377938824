"""Member associations, one trainer per trainer association, and the learners, in bulk."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError

from accounts.models import User
from organisations.models import Membership, Organisation, Province

from ..seed import DEMO_PASSWORD

DOMAIN = "large.tamkeen.test"
BATCH = 2000
MEMBER_PREFIX = "DEMO-LM-"

MEMBER_STEMS = [
    ("Association de quartier", "جمعية حي"),
    ("Association des jeunes de", "جمعية شباب"),
    ("Association féminine de", "الجمعية النسوية"),
    ("Coopérative associative de", "الجمعية التعاونية"),
    ("Association de développement de", "جمعية تنمية"),
]
FIRST_NAMES = [
    ("فاطمة", "Fatima", "female"),
    ("خديجة", "Khadija", "female"),
    ("سعاد", "Souad", "female"),
    ("مريم", "Meryem", "female"),
    ("نادية", "Nadia", "female"),
    ("كريمة", "Karima", "female"),
    ("يوسف", "Youssef", "male"),
    ("محمد", "Mohamed", "male"),
    ("رشيد", "Rachid", "male"),
    ("عمر", "Omar", "male"),
    ("حسن", "Hassan", "male"),
    ("أمين", "Amine", "male"),
]
FAMILY_NAMES = [
    ("العلوي", "Alaoui"),
    ("التازي", "Tazi"),
    ("الفاسي", "Fassi"),
    ("بناني", "Bennani"),
    ("الإدريسي", "Idrissi"),
    ("أمزيان", "Amezian"),
    ("الصنهاجي", "Sanhaji"),
    ("بوزيد", "Bouzid"),
]


def learner_email(number: int) -> str:
    return f"learner.{number:05d}@{DOMAIN}"


def trainer_email(association: Organisation) -> str:
    return f"trainer.{association.registration_number.lower()}@{DOMAIN}"


def trainer_associations() -> list[Organisation]:
    trainers = list(
        Organisation.objects.filter(kind=Organisation.Kind.TRAINER).order_by("registration_number")
    )
    if not trainers:
        raise CommandError("The large data set goes on top of the small demo: run seed_demo.")
    return trainers


def _password() -> str:
    # One hash for everyone: hashing 20,000 passwords would take hours. Same password as the
    # small demo's accounts.
    return make_password(DEMO_PASSWORD)


def _users(specs, *, password) -> list[User]:
    """Create users (with their verified allauth address) from ``(email, fields)``."""
    users = User.objects.bulk_create(
        [User(email=email, password=password, **fields) for email, fields in specs],
        batch_size=BATCH,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users],
        batch_size=BATCH,
    )
    return users


def seed_organisations(*, rng, counts, context) -> str:
    trainers = trainer_associations()
    context["trainers"] = trainers
    if Organisation.objects.filter(registration_number=f"{MEMBER_PREFIX}0001").exists():
        return "already there, skipped"
    provinces = list(Province.objects.select_related("region").order_by("code"))
    members = []
    for number in range(1, counts.members + 1):
        province = provinces[(number * 7) % len(provinces)]
        stem_fr, stem_ar = MEMBER_STEMS[number % len(MEMBER_STEMS)]
        reference = f"{MEMBER_PREFIX}{number:04d}"
        members.append(
            Organisation(
                kind=Organisation.Kind.MEMBER,
                registration_number=reference,
                name_fr=f"{stem_fr} {province.name_fr} n° {number}",
                name_ar=f"{stem_ar} {province.name_ar} رقم {number}",
                region=province.region,
                province=province,
                contact_email=f"contact+{reference.lower()}@{DOMAIN}",
            )
        )
    Organisation.objects.bulk_create(members, batch_size=BATCH)

    password = _password()
    staff = _users(
        [
            (
                trainer_email(association),
                {
                    "full_name_ar": f"مكون(ة) {association.name_ar}"[:150],
                    "full_name_latin": f"Formateur {association.registration_number}",
                    "gender": rng.choice(["female", "male"]),
                    "birth_year": rng.randrange(1970, 1996),
                },
            )
            for association in trainers
        ],
        password=password,
    )
    Membership.objects.bulk_create(
        [
            Membership(user=user, organisation=association, role=Membership.Role.TRAINER)
            for user, association in zip(staff, trainers, strict=True)
        ]
    )
    return f"{len(members)} member associations, {len(staff)} trainers"


def seed_learners(*, rng, counts, context) -> str:
    if User.objects.filter(email=learner_email(1)).exists():
        return "already there, skipped"
    members = list(
        Organisation.objects.filter(registration_number__startswith=MEMBER_PREFIX).order_by(
            "registration_number"
        )
    )
    specs = []
    for number in range(1, counts.learners + 1):
        first_ar, first_latin, gender = rng.choice(FIRST_NAMES)
        family_ar, family_latin = rng.choice(FAMILY_NAMES)
        specs.append(
            (
                learner_email(number),
                {
                    "full_name_ar": f"{first_ar} {family_ar}",
                    "full_name_latin": f"{first_latin} {family_latin}",
                    # Some people leave the optional profile fields empty.
                    "gender": gender if rng.random() > 0.08 else "",
                    "birth_year": rng.randrange(1955, 2009) if rng.random() > 0.1 else None,
                    "preferred_language": "ar" if rng.random() < 0.7 else "fr",
                },
            )
        )
    learners = _users(specs, password=_password())
    Membership.objects.bulk_create(
        [
            Membership(
                user=user, organisation=members[index % len(members)], role=Membership.Role.MEMBER
            )
            for index, user in enumerate(learners)
        ],
        batch_size=BATCH,
    )
    return f"{len(learners)} learners, each a member of one of {len(members)} associations"


def large_learners() -> list[tuple[int, int]]:
    """``(user id, member association id)`` of the large data set's learners, in order."""
    return list(
        Membership.objects.filter(
            user__email__endswith=f"@{DOMAIN}",
            user__email__startswith="learner.",
            role=Membership.Role.MEMBER,
        )
        .order_by("user__email")
        .values_list("user_id", "organisation_id")
    )
