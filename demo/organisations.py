"""Demo organisations and people: the ministry, 97 trainer associations, member associations
(four in each region) and one account per role, each with the privacy consent it gave on
signing up. Names and registration numbers are fictitious."""

from accounts.models import ConsentRecord, User
from accounts.services import consent_record, user_create
from organisations.models import Organisation, Province, Region
from organisations.services import membership_grant, organisation_create

FUNDER = {
    "registration_number": "DEMO-FUNDER-MRP",
    "name_ar": "الوزارة المنتدبة لدى رئيس الحكومة المكلفة بالعلاقات مع البرلمان",
    "name_fr": "Ministère délégué chargé des Relations avec le Parlement",
}

# Invented association names; combined with a province they give 97 distinct, fictitious names.
STEMS = [
    ("Association Horizons Citoyens", "جمعية آفاق المواطنة"),
    ("Association Jeunesse et Participation", "جمعية الشباب والمشاركة"),
    ("Association Lumières du Numérique", "جمعية أضواء الرقمنة"),
    ("Association Espace Dialogue", "جمعية فضاء الحوار"),
    ("Association Femmes et Initiatives", "جمعية نساء ومبادرات"),
    ("Association Passerelles Solidaires", "جمعية جسور التضامن"),
    ("Association Savoir Partagé", "جمعية المعرفة المشتركة"),
    ("Association Cap Développement", "جمعية رهان التنمية"),
    ("Association Voix de Proximité", "جمعية صوت القرب"),
    ("Association Ateliers Numériques", "جمعية الأوراش الرقمية"),
    ("Association Initiative Locale", "جمعية المبادرة المحلية"),
    ("Association Avenir Connecté", "جمعية المستقبل المتصل"),
    ("Association Citoyenneté Active", "جمعية المواطنة الفاعلة"),
    ("Association Pont des Générations", "جمعية جسر الأجيال"),
    ("Association Oasis des Compétences", "جمعية واحة الكفاءات"),
    ("Association Écoute et Proximité", "جمعية الإنصات والقرب"),
]

MEMBER_STEMS = [
    ("Association de quartier Al Amal", "جمعية حي الأمل"),
    ("Coopérative associative Nour", "الجمعية التعاونية نور"),
    ("Association des jeunes d'Annahda", "جمعية شباب النهضة"),
    ("Association féminine Tafilalt", "الجمعية النسوية تافيلالت"),
]

PEOPLE = [
    # email, Arabic name, Latin name, gender, birth year, (organisation key, role) or None
    ("admin@tamkeen.test", "مدير المنصة", "Platform Admin", "", None, "superuser"),
    (
        "officer@tamkeen.test",
        "سلمى العلوي",
        "Salma El Alaoui",
        "female",
        1985,
        ("funder", "officer"),
    ),
    ("finance@tamkeen.test", "يوسف بنعلي", "Youssef Benali", "male", 1979, ("funder", "finance")),
    (
        "auditor@tamkeen.test",
        "نادية الإدريسي",
        "Nadia El Idrissi",
        "female",
        1982,
        ("funder", "auditor"),
    ),
    (
        "trainer.admin@tamkeen.test",
        "كريم التازي",
        "Karim Tazi",
        "male",
        1980,
        ("trainer_a", "admin"),
    ),
    (
        "trainer@tamkeen.test",
        "فاطمة الزهراء بناني",
        "Fatima Zahra Bennani",
        "female",
        1990,
        ("trainer_a", "trainer"),
    ),
    ("editor@tamkeen.test", "هشام المريني", "Hicham Merini", "male", 1992, ("trainer_a", "editor")),
    (
        "trainer.b@tamkeen.test",
        "سعاد الفاسي",
        "Souad El Fassi",
        "female",
        1987,
        ("trainer_b", "trainer"),
    ),
    (
        "coordinator@tamkeen.test",
        "عبد الله أمزيان",
        "Abdellah Amezian",
        "male",
        1975,
        ("member", "admin"),
    ),
    (
        "learner@tamkeen.test",
        "خديجة أيت علي",
        "Khadija Ait Ali",
        "female",
        1998,
        ("member", "member"),
    ),
    ("citizen@tamkeen.test", "أمين الشرقاوي", "Amine Cherkaoui", "male", 2001, None),
]

ROLE_LABELS = {
    "superuser": "platform admin (superuser)",
    "officer": "funder programme officer",
    "finance": "funder finance",
    "auditor": "funder auditor",
    "admin": "association admin",
    "trainer": "trainer",
    "editor": "editor",
    "member": "learner (member)",
}

TRAINER_COUNT = 97
MEMBERS_PER_REGION = 4


def staff_account(*, context, email, name_ar, name_latin, organisation, role, label) -> User:
    """A staff member of ``organisation`` (created once, with the demo password and sign-up
    consents, photos accepted), listed among the demo accounts under ``label``."""
    user = User.objects.filter(email=email).first() or user_create(
        email=email,
        password=context["password"],
        full_name_ar=name_ar,
        full_name_latin=name_latin,
        email_verified=True,
    )
    signup_consents(user=user, photos=True)
    membership_grant(user=user, organisation=organisation, role=role)
    accounts = context.setdefault("accounts", [])
    if email not in {account[0] for account in accounts}:
        accounts.append((email, f"{label} · {organisation.name_fr}"))
    return user


def signup_consents(*, user, photos: bool) -> None:
    """The consents a person gives on the sign-up form (processing required, photos
    optional), recorded once: the seeded accounts carry them as real ones do."""
    if not user.consents.exists():
        consent_record(
            user=user, purpose=ConsentRecord.Purpose.PROCESSING, given=True, source="signup"
        )
        consent_record(
            user=user, purpose=ConsentRecord.Purpose.PHOTOS, given=photos, source="signup"
        )


def _ensure_organisation(*, kind, registration_number, name_ar, name_fr, province):
    existing = Organisation.objects.filter(registration_number=registration_number).first()
    if existing:
        return existing
    return organisation_create(
        kind=kind,
        registration_number=registration_number,
        name_ar=name_ar,
        name_fr=name_fr,
        region=province.region,
        province=province,
        contact_email=f"contact+{registration_number.lower()}@tamkeen.test",
    )


def seed(*, rng, context, log):
    regions = list(Region.objects.prefetch_related("provinces"))
    provinces_by_region = {region.pk: list(region.provinces.all()) for region in regions}

    rabat = Province.objects.get(name_fr="Rabat")
    funder = _ensure_organisation(kind=Organisation.Kind.FUNDER, province=rabat, **FUNDER)

    trainers = []
    used_names = set()
    for index in range(TRAINER_COUNT):
        region = regions[index % len(regions)]
        province = rng.choice(provinces_by_region[region.pk])
        stem_fr, stem_ar = rng.choice(STEMS)
        while (stem_fr, province.pk) in used_names:
            stem_fr, stem_ar = rng.choice(STEMS)
        used_names.add((stem_fr, province.pk))
        trainers.append(
            _ensure_organisation(
                kind=Organisation.Kind.TRAINER,
                registration_number=f"DEMO-T-{index + 1:03d}",
                name_fr=f"{stem_fr} — {province.name_fr}",
                name_ar=f"{stem_ar} ب{province.name_ar}",
                province=province,
            )
        )

    # One member association per region first (DEMO-M-001 to 012, as before), then three
    # more in each region, in other provinces where there are: the associations the trainer
    # associations' sessions draw their members from.
    members = []
    for round_ in range(MEMBERS_PER_REGION):
        for index, region in enumerate(regions):
            provinces = provinces_by_region[region.pk]
            province = provinces[round_ % len(provinces)]
            stem_fr, stem_ar = MEMBER_STEMS[(index + round_) % len(MEMBER_STEMS)]
            members.append(
                _ensure_organisation(
                    kind=Organisation.Kind.MEMBER,
                    registration_number=f"DEMO-M-{round_ * len(regions) + index + 1:03d}",
                    name_fr=f"{stem_fr} ({province.name_fr})",
                    name_ar=f"{stem_ar} ({province.name_ar})",
                    province=province,
                )
            )

    # The first 52 trainer associations work on participatory democracy, the next 45 on
    # digitalization; the demo trainer accounts belong to two digitalization associations.
    organisations = {
        "funder": funder,
        "trainer_a": trainers[52],
        "trainer_b": trainers[53],
        "member": members[3],
    }
    accounts = []
    for email, name_ar, name_latin, gender, birth_year, grant in PEOPLE:
        user = User.objects.filter(email=email).first() or user_create(
            email=email,
            password=context["password"],
            full_name_ar=name_ar,
            full_name_latin=name_latin,
            gender=gender,
            birth_year=birth_year,
            email_verified=True,
            is_superuser=grant == "superuser",
        )
        # Staff agree to appear in session photos; the learner and the citizen decline.
        signup_consents(user=user, photos=isinstance(grant, tuple) and grant[1] != "member")
        if isinstance(grant, tuple):
            key, role = grant
            membership_grant(user=user, organisation=organisations[key], role=role)
            label = f"{ROLE_LABELS[role]} · {organisations[key].name_fr}"
        else:
            label = ROLE_LABELS.get(grant, "citizen (no organisation)")
        accounts.append((email, label))

    context.update(
        funder=funder,
        trainers=trainers,
        members=members,
        organisations=organisations,
        accounts=accounts,
        users={email: User.objects.get(email=email) for email, *_ in PEOPLE},
    )
    log(f"Organisations: 1 funder, {len(trainers)} trainer and {len(members)} member associations.")
