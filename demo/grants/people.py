"""The people of the demo's sessions: each association's trainer, and the beneficiaries who
sign up for its sessions (invented names, e-mails under beneficiaire.<reference>.<n>@), created
in bulk with the consents they gave and their e-mail confirmed."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from accounts.conf import setting
from accounts.models import ConsentRecord, User
from accounts.services import user_create
from organisations.models import Membership
from organisations.services import membership_grant

from ..organisations import signup_consents

WOMEN = [
    ("فاطمة", "Fatima"), ("خديجة", "Khadija"), ("سعاد", "Souad"), ("مريم", "Meryem"),
    ("كريمة", "Karima"), ("نادية", "Nadia"), ("حنان", "Hanane"), ("سناء", "Sanaa"),
    ("زينب", "Zineb"), ("أسماء", "Asmae"), ("إيمان", "Imane"), ("لبنى", "Loubna"),
    ("هند", "Hind"), ("سلمى", "Salma"), ("وفاء", "Wafae"), ("نعيمة", "Naima"),
]  # fmt: skip
MEN = [
    ("محمد", "Mohamed"), ("يوسف", "Youssef"), ("رشيد", "Rachid"), ("عبد الرحيم", "Abderrahim"),
    ("حسن", "Hassan"), ("أحمد", "Ahmed"), ("عمر", "Omar"), ("إدريس", "Driss"),
    ("سعيد", "Said"), ("مصطفى", "Mustapha"), ("أيوب", "Ayoub"), ("حمزة", "Hamza"),
    ("كريم", "Karim"), ("عثمان", "Othmane"), ("ياسين", "Yassine"), ("خالد", "Khalid"),
]  # fmt: skip
FAMILIES = [
    ("العلوي", "Alaoui"), ("التازي", "Tazi"), ("الفاسي", "Fassi"), ("بنعلي", "Benali"),
    ("الإدريسي", "Idrissi"), ("أمزيان", "Amezian"), ("بوزيد", "Bouzid"), ("العمراني", "Amrani"),
    ("الحسني", "Hassani"), ("الزياني", "Ziani"), ("أوعلي", "Ouali"), ("الشرقاوي", "Cherkaoui"),
    ("بنسعيد", "Bensaid"), ("المنصوري", "Mansouri"), ("القادري", "Kadiri"), ("الكتاني", "Kettani"),
]  # fmt: skip
# Ages of the people who come (years), as weights: mostly young adults.
AGES = ([(16, 17), (18, 24), (25, 34), (35, 44), (45, 59), (60, 72)], [2, 26, 31, 20, 16, 5])


def people_email(reference: str, number: int) -> str:
    return f"beneficiaire.{reference.lower()}.{number:03d}@tamkeen.test"


def agreement_people(agreement):
    """The demo beneficiaries with an account of ``agreement`` (a queryset)."""
    return User.objects.filter(
        email__startswith=f"beneficiaire.{agreement.reference.lower()}."
    ).order_by("pk")


def association_trainer(association, *, rng):
    """The association's trainer (or admin); an association without one gets its trainer."""
    membership = (
        Membership.objects.filter(
            organisation=association, role__in=[Membership.Role.TRAINER, Membership.Role.ADMIN]
        )
        .select_related("user")
        .order_by("-role", "pk")  # a trainer before an admin
        .first()
    )
    if membership is not None:
        return membership.user
    email = f"formateur.{association.registration_number.lower()}@tamkeen.test"
    user = User.objects.filter(email=email).first()
    if user is None:
        first_ar, first_latin = rng.choice(WOMEN + MEN)
        family_ar, family_latin = rng.choice(FAMILIES)
        user = user_create(
            email=email,
            full_name_ar=f"{first_ar} {family_ar}",
            full_name_latin=f"{first_latin} {family_latin}",
            gender="female" if (first_ar, first_latin) in WOMEN else "male",
            birth_year=rng.randrange(1970, 1996),
            email_verified=True,
        )
        signup_consents(user=user, photos=True)
    membership_grant(user=user, organisation=association, role=Membership.Role.TRAINER)
    return user


def person(rng, *, women_share, today):
    female = rng.random() < women_share
    first_ar, first_latin = rng.choice(WOMEN if female else MEN)
    family_ar, family_latin = rng.choice(FAMILIES)
    low, high = rng.choices(*AGES)[0]
    return {
        "name_ar": f"{first_ar} {family_ar}",
        "name_latin": f"{first_latin} {family_latin}",
        # One person in twenty-five leaves the optional gender blank.
        "gender": "" if rng.random() < 0.04 else "female" if female else "male",
        "birth_year": today.year - rng.randint(low, high),
    }


def beneficiaries_create(specs, *, agreement, start):
    """Create the beneficiaries' accounts in bulk: each signed up (consents given, e-mail
    confirmed) a week before their first session, and most belong to a member association."""
    password = make_password(None)  # unusable: they never sign in to the demo
    version = setting("PRIVACY_NOTICE_VERSION")
    users = User.objects.bulk_create(
        User(
            email=people_email(agreement.reference, number),
            full_name_ar=spec["name_ar"],
            full_name_latin=spec["name_latin"],
            gender=spec["gender"],
            birth_year=spec["birth_year"],
            password=password,
            date_joined=spec["joined"],
        )
        for number, spec in enumerate(specs, start=start)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, primary=True, verified=True) for user in users
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=spec["member"], role=Membership.Role.MEMBER)
        for user, spec in zip(users, specs, strict=True)
        if spec["member"] is not None
    )
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            user=user,
            purpose=purpose,
            given=given,
            notice_version=version,
            recorded_at=user.date_joined,
            source="signup",
        )
        for user, spec in zip(users, specs, strict=True)
        for purpose, given in (
            (ConsentRecord.Purpose.PROCESSING, True),
            (ConsentRecord.Purpose.PHOTOS, spec["photos"]),
        )
    )
    return users
