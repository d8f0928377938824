"""Demo evidence: sessions held in 2024 by the associations whose tranche-2 requests the demo
tells a story about, with their roll calls, walk-ins, a signed sheet and the closing report,
so the live evidence, the drill-down, the anomaly flags and the evidence pack have something
real to show. Built through the courses services; running it again changes nothing. No pack
is queued here: packs are built on request."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from accounts.services import user_create
from courses.models import AttendanceRecord, SessionRegistration, TrainingSession
from courses.services import session_create
from courses.services.attendance import (
    attendance_mark,
    session_close,
    sheet_scan_upload,
    walk_in_add,
)
from organisations.models import Membership, Province
from organisations.services import membership_grant

from .evidence import agreement_sessions

Status = AttendanceRecord.Status
STATUSES = [Status.PRESENT, Status.LATE, Status.ABSENT, Status.EXCUSED]

SESSIONS = [
    ("2024-03-05", TrainingSession.Kind.TRAINING, "حصة تكوينية: حماية المعطيات الشخصية"),
    ("2024-04-16", TrainingSession.Kind.AWARENESS, "حملة تحسيسية: الأمن الرقمي للجمعيات"),
    ("2024-06-11", TrainingSession.Kind.TRAINING, "حصة تكوينية: التواصل الرقمي"),
    ("2024-10-08", TrainingSession.Kind.DIALOGUE, "لقاء حواري ترابي حول الرقمنة"),
]
FIRST_NAMES = [
    ("فاطمة", "Fatima", "female"),
    ("خديجة", "Khadija", "female"),
    ("سعاد", "Souad", "female"),
    ("مريم", "Meryem", "female"),
    ("يوسف", "Youssef", "male"),
    ("محمد", "Mohamed", "male"),
    ("رشيد", "Rachid", "male"),
    ("كريمة", "Karima", "female"),
]
FAMILY_NAMES = [("العلوي", "Alaoui"), ("التازي", "Tazi"), ("الفاسي", "Fassi")]
PEOPLE_PER_ASSOCIATION = 14
# A one-page PDF (uploads are parsed); the session's number goes after the end marker.
SHEET = (
    b"%PDF-1.4\n% demo signed attendance sheet\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
)


def _people(*, rng, context, association) -> list[User]:
    members = context["members"]
    people = []
    for index in range(PEOPLE_PER_ASSOCIATION):
        email = f"beneficiary.{association.pk}.{index + 1}@tamkeen.test"
        user = User.objects.filter(email=email).first()
        if user is None:
            first_ar, first_latin, gender = FIRST_NAMES[index % len(FIRST_NAMES)]
            family_ar, family_latin = FAMILY_NAMES[index % len(FAMILY_NAMES)]
            user = user_create(
                email=email,
                full_name_ar=f"{first_ar} {family_ar}",
                full_name_latin=f"{first_latin} {family_latin}",
                gender=gender if index % 7 else "",
                birth_year=rng.choice([1958, 1972, 1983, 1991, 1997, 2001, 2007]),
                email_verified=True,
            )
            member = members[(association.pk + index) % len(members)]
            membership_grant(user=user, organisation=member, role=Membership.Role.MEMBER)
        people.append(user)
    return people


def _staff(association):
    membership = (
        Membership.objects.filter(
            organisation=association, role__in=[Membership.Role.ADMIN, Membership.Role.TRAINER]
        )
        .select_related("user")
        .order_by("role", "pk")
        .first()
    )
    return membership.user if membership else None


def seed_agreement_evidence(*, rng, context, agreement, log) -> None:
    association = agreement.association
    by = _staff(association)
    if by is None or agreement_sessions(agreement=agreement).exists():
        return
    people = _people(rng=rng, context=context, association=association)
    elsewhere = (
        Province.objects.exclude(region_id=association.region_id).order_by("code").first()
        or association.province
    )
    for number, (day, kind, title) in enumerate(SESSIONS):
        province = association.province if number % 2 == 0 else elsewhere
        starts_at = timezone.make_aware(datetime.datetime.fromisoformat(f"{day} 09:30"))
        session = session_create(
            association=association,
            by=by,
            trainers=[by],
            kind=kind,
            title=title,
            audience="أعضاء مكاتب الجمعيات",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=3),
            venue="دار الجمعيات",
            province=province,
            region=province.region,
            capacity=30,
        )
        invited = rng.sample(people, 10)
        for person in invited:
            # Registration closed when the session started: the seats are recorded as they
            # were taken beforehand.
            SessionRegistration.objects.create(
                session=session,
                learner=person,
                status=SessionRegistration.Status.CONFIRMED,
                registered_by=by,
                created_at=starts_at - datetime.timedelta(days=7),
            )
        scan = sheet_scan_upload(
            session=session,
            file=SimpleUploadedFile(f"sheet-{session.pk}.pdf", SHEET + str(session.pk).encode()),
            by=by,
        )
        for person in invited:
            status = rng.choices(
                [Status.PRESENT, Status.LATE, Status.ABSENT, Status.EXCUSED],
                weights=[70, 10, 15, 5],
            )[0]
            attendance_mark(
                session=session,
                participant=person,
                status=status,
                method=AttendanceRecord.Method.SHEET,
                by=by,
                sheet_scan=scan,
            )
        walk_in_add(
            session=session,
            by=by,
            name_ar="زائرة من الحي",
            name_latin="Visiteuse du quartier",
            gender="female",
            birth_year=1999,
        )
        present = AttendanceRecord.objects.current().filter(
            session=session, status__in=AttendanceRecord.ATTENDED
        )
        session_close(
            session=session,
            by=by,
            headcount=present.count(),
            organisations_present=[],
            report="انعقدت الحصة كما هو مبرمج.",
            photos_consent=False,
        )
    log(f"Evidence: {len(SESSIONS)} sessions held for {agreement.reference}.")
