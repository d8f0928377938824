"""The programme halfway through its year: every agreement's sessions of the last six months,
with the people who came, as far along as its progress category says.

Tranche 2 is released once half of each target is reached, so the categories are read
against half-way: a few agreements are *ahead* (62-80 % of their session and beneficiary
targets), most are *on track* (40-58 %), a few are *behind* (12-30 %), and the agreements
still waiting for their first transfer have *not started*. Two agreements carry something
a programme officer should notice, and nothing else does: the one awaiting review had six
learners checked in from one phone at one session, and one participatory-democracy
agreement typed a roll call in nineteen days after its dialogue meeting.

Sessions are of the programme's kinds (awareness campaigns and dialogue meetings for
participatory democracy, training sessions for digitalization), in the association's
province or elsewhere in its region. The beneficiaries who register are accounts created in
bulk (with their sign-up consents); a few walk-ins come on the day. Everything else goes
through the services, dated at its session's time (``demo.grants.evidence``).

All numbers come from generators seeded by the demo's seed and the agreement's reference, so
they are the same on every run; an agreement that already has held sessions is left alone.
Runs after ``demo.courses.learning`` (training sessions name the association's live course
when it has one), and ends with the tranche-2 requests, whose evidence it freezes.
"""

from __future__ import annotations

import datetime
import math
import random

from django.utils import timezone

from accounts.models import User
from courses.models import AttendanceRecord, CoursePage, TrainingSession
from grants.evidence import agreement_sessions
from grants.models import Agreement, Programme
from organisations.models import Province

from .evidence import SessionPlan, session_hold
from .people import association_trainer, beneficiaries_create, person
from .tranches import THIRD_PREFIX, UNPAID_EVERY, seed_requests, story_associations

Kind = TrainingSession.Kind
Status = AttendanceRecord.Status
Method = AttendanceRecord.Method

WINDOW_DAYS = 182
SHARES = {
    "ahead": (0.62, 0.80),
    "on_track": (0.38, 0.56),
    "behind": (0.12, 0.30),
    "not_started": (0.0, 0.0),
}
AHEAD, BEHIND = 10, 7
KINDS = {
    Programme.Field.PARTICIPATORY_DEMOCRACY: ([Kind.AWARENESS, Kind.DIALOGUE], [55, 45]),
    Programme.Field.DIGITALIZATION: ([Kind.TRAINING, Kind.AWARENESS], [80, 20]),
}
# Each topic and venue in Arabic and in French (the session pages show the reader's).
TOPICS = {
    Kind.AWARENESS: {
        Programme.Field.PARTICIPATORY_DEMOCRACY: [
            (
                "حملة تحسيسية: الإطار القانوني للديمقراطية التشاركية",
                "Campagne de sensibilisation : le cadre juridique de la démocratie participative",
            ),
            (
                "حملة تحسيسية: العرائض لدى الجماعات الترابية",
                "Campagne de sensibilisation : les pétitions auprès des collectivités "
                "territoriales",
            ),
            (
                "حملة تحسيسية: الملتمسات في مجال التشريع",
                "Campagne de sensibilisation : les motions en matière législative",
            ),
        ],
        Programme.Field.DIGITALIZATION: [
            (
                "لقاء تحسيسي: الأمن الرقمي للجمعيات",
                "Rencontre de sensibilisation : la sécurité numérique des associations",
            ),
            (
                "لقاء تحسيسي: حماية المعطيات الشخصية",
                "Rencontre de sensibilisation : la protection des données personnelles",
            ),
        ],
    },
    Kind.DIALOGUE: [
        (
            "لقاء حواري ترابي: الجمعيات والمنتخبون وبرنامج عمل الجماعة",
            "Dialogue territorial : les associations, les élus et le programme d'action "
            "de la commune",
        ),
        (
            "لقاء حواري ترابي: هيئات المساواة وتكافؤ الفرص ومقاربة النوع",
            "Dialogue territorial : les instances de l'équité, de l'égalité des chances "
            "et de l'approche genre",
        ),
        (
            "لقاء حواري ترابي: إشراك الشباب في تتبع السياسات العمومية",
            "Dialogue territorial : associer les jeunes au suivi des politiques publiques",
        ),
    ],
    Kind.TRAINING: [
        (
            "حصة تكوينية: الأمن السيبراني وحماية المعطيات الشخصية",
            "Séance de formation : cybersécurité et protection des données personnelles",
        ),
        (
            "حصة تكوينية: التواصل الرقمي والتسويق الرقمي للجمعيات",
            "Séance de formation : communication et marketing numériques des associations",
        ),
        (
            "حصة تكوينية: تدبير المحتوى الرقمي للجمعية",
            "Séance de formation : gérer le contenu numérique de l'association",
        ),
    ],
}
VENUES = [
    ("دار الشباب", "Maison des jeunes"),
    ("المركب الثقافي", "Complexe culturel"),
    ("مقر الجماعة", "Siège de la commune"),
    ("دار المواطن", "Maison du citoyen"),
    ("دار الجمعيات", "Maison des associations"),
]


def categories(agreements, *, rng, context) -> tuple[dict[str, str], dict[str, str]]:
    """Reference → progress category, and reference → the anomaly it carries."""
    stories = {a.pk: story for story, a in story_associations(context).items()}
    fixed, anomalies = {}, {}
    for agreement in agreements:
        story = stories.get(agreement.association_id)
        number = int(agreement.reference.rsplit("-", 1)[-1])
        if story == "submitted":
            fixed[agreement.reference] = "ahead"
            anomalies[agreement.reference] = "shared_device"
        elif story:
            fixed[agreement.reference] = "on_track"
        elif number % UNPAID_EVERY == 0:
            fixed[agreement.reference] = "not_started"
    rest = sorted(a.reference for a in agreements if a.reference not in fixed)
    rng.shuffle(rest)
    result = dict(fixed)
    for index, reference in enumerate(rest):
        result[reference] = (
            "ahead" if index < AHEAD else "behind" if index < AHEAD + BEHIND else "on_track"
        )
    late = next(r for r in rest if "-PD-" in r and result[r] == "on_track")
    anomalies[late] = "late_entry"
    return result, anomalies


class AgreementPlanner:
    """The sessions of one agreement, and the people who come to them."""

    def __init__(self, agreement, *, category, anomaly, rng, context, today):
        self.agreement = agreement
        self.association = agreement.association
        self.field = agreement.programme.field
        self.category, self.anomaly, self.rng, self.today = category, anomaly, rng, today
        self.members = context["members_by_region"]
        self.all_members = context["members"]
        self.provinces = context["provinces_by_region"][self.association.region_id]
        self.courses = context["live_courses"].get(self.association.pk, [])
        self.french_titles = context["french_titles"]
        self.story = context["story_of"].get(self.association.pk, "")
        self.women_share = min(0.7, float(agreement.target_women_share) + rng.uniform(-0.04, 0.2))
        self.rate = rng.uniform(0.66, 0.82) if category == "behind" else rng.uniform(0.78, 0.93)
        self.people = 0
        # The member associations this agreement works with: as many as its progress
        # category reaches of its target, from its region first.
        low, high = SHARES[category]
        wanted = round(agreement.target_member_associations * rng.uniform(low, high) * 1.3)
        region = self.members[self.association.region_id]
        others = [m for m in self.all_members if m not in region]
        self.partners = rng.sample(region, min(len(region), max(1, wanted)))
        self.partners += rng.sample(others, max(0, wanted - len(self.partners)))

    def days(self) -> list[datetime.date]:
        agreement, rng = self.agreement, self.rng
        low, high = SHARES[self.category]
        count = round(agreement.target_sessions * rng.uniform(low, high))
        if self.category != "not_started":
            count = max(count, 2)
        end = min(self.today - datetime.timedelta(days=3), agreement.ends_on)
        start = max(agreement.starts_on, end - datetime.timedelta(days=WINDOW_DAYS))
        span = (end - start).days + 1
        days = sorted(start + datetime.timedelta(days=d) for d in rng.sample(range(span), count))
        if self.anomaly == "late_entry" and days and days[0] > end - datetime.timedelta(days=30):
            days[0] = end - datetime.timedelta(days=30)  # typed in 19 days later: still past
        return sorted(set(days))

    def _spec(self, joined):
        rng = self.rng
        spec = person(rng, women_share=self.women_share, today=self.today)
        citizens = 0.35 if self.field == Programme.Field.PARTICIPATORY_DEMOCRACY else 0.12
        member = None if rng.random() < citizens else rng.choice(self.partners)
        return {**spec, "member": member, "photos": rng.random() < 0.6, "joined": joined}

    def plan(self, number, day, previous) -> SessionPlan:
        rng, agreement = self.rng, self.agreement
        kinds, weights = KINDS[self.field]
        kind = rng.choices(kinds, weights)[0]
        if self.anomaly == "shared_device" and number == 0:
            kind = Kind.TRAINING
        hour, minute = rng.choice([(9, 30), (10, 0), (15, 0)])
        starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
        per_session = agreement.target_beneficiaries / max(agreement.target_sessions, 1)
        present = max(6, round(per_session * rng.uniform(0.8, 1.15)))
        registered_count = math.ceil(present / self.rate)
        # A training course is a series: a few come back from the association's earlier ones.
        returning = []
        if kind == Kind.TRAINING and previous:
            pool = list(dict.fromkeys(previous))
            returning = rng.sample(pool, min(len(pool), rng.randint(0, 3)))
        new = [
            self._spec(starts_at - datetime.timedelta(days=8 + rng.randint(0, 20)))
            for _ in range(registered_count - len(returning))
        ]
        statuses = []
        for _ in range(registered_count):
            if rng.random() < self.rate:
                statuses.append(Status.LATE if rng.random() < 0.1 else Status.PRESENT)
            else:
                statuses.append(Status.EXCUSED if rng.random() < 0.25 else Status.ABSENT)
        if self.anomaly == "shared_device" and number == 0:
            statuses[:6] = [Status.PRESENT] * 6
        missing = sum(s not in (Status.PRESENT, Status.LATE) for s in statuses)
        # Never more people in the room than seats booked: walk-ins fill some no-shows' seats.
        walk_ins = [
            {
                **person(rng, women_share=self.women_share, today=self.today),
                "member_association": None,
            }
            for _ in range(rng.randint(0, min(2, missing)))
        ]
        method = self._method(kind, number)
        online = kind == Kind.TRAINING and method != Method.SHEET and rng.random() < 0.1
        province = self.association.province
        if not online and rng.random() < 0.3:
            province = rng.choice(self.provinces)
        topics = TOPICS[kind] if kind != Kind.AWARENESS else TOPICS[kind][self.field]
        course = None
        if kind == Kind.TRAINING and self.courses:
            course = self.courses[number % len(self.courses)]
        if course is not None:
            title_ar, title_fr = course.title, self.french_titles.get(course.pk, "")
        else:
            title_ar, title_fr = rng.choice(topics)
        venue_ar, venue_fr = ("", "") if online else rng.choice(VENUES)
        return SessionPlan(
            kind=kind,
            title_ar=title_ar,
            title_fr=title_fr,
            starts_at=starts_at,
            hours=3,
            province=None if online else province,
            region=self.association.region,
            venue_ar=venue_ar,
            venue_fr=venue_fr,
            online_url="https://meet.tamkeen.test/seance" if online else "",
            capacity=next(c for c in (20, 25, 30, 40, 50, 60, 80) if c >= registered_count),
            registered=returning + new,
            statuses=statuses,
            walk_ins=walk_ins,
            method=method,
            course=course,
            correction=not self.anomaly and rng.random() < 0.12,
            photos=rng.random() < 0.5,
            anomaly=self.anomaly if number == 0 else "",
        )

    def _method(self, kind, number) -> str:
        rng = self.rng
        if self.anomaly == "shared_device" and number == 0:
            return Method.QR
        if self.anomaly == "late_entry" and number == 0:
            return Method.ROLL_CALL
        if kind == Kind.TRAINING:
            return rng.choices([Method.QR, Method.ROLL_CALL, Method.SHEET], [35, 40, 25])[0]
        if kind == Kind.DIALOGUE and self.story == "changes":
            return Method.ROLL_CALL  # the signed sheets the officer asks for
        return rng.choices([Method.ROLL_CALL, Method.SHEET], [50, 50])[0]


def _hold_agreement(agreement, planner, *, by, device_base) -> tuple[int, int, list]:
    """Plan, create the people, and hold the sessions; (sessions, records, people)."""
    previous: list[User] = []
    held = records = 0
    for number, day in enumerate(planner.days()):
        plan = planner.plan(number, day, previous)
        specs = [p for p in plan.registered if isinstance(p, dict)]
        accounts = iter(beneficiaries_create(specs, agreement=agreement, start=planner.people + 1))
        planner.people += len(specs)
        plan.registered = [p if isinstance(p, User) else next(accounts) for p in plan.registered]
        session_hold(plan, association=agreement.association, by=by, device_base=device_base)
        previous.extend(plan.registered)
        held += 1
        records += len(plan.registered) + len(plan.walk_ins) + plan.correction
    return held, records, list(dict.fromkeys(previous))


def _context(context) -> None:
    members = context["members"]
    context["members_by_region"] = {}
    for member in members:
        context["members_by_region"].setdefault(member.region_id, []).append(member)
    context["provinces_by_region"] = {}
    for province in Province.objects.order_by("code"):
        context["provinces_by_region"].setdefault(province.region_id, []).append(province)
    context["live_courses"] = {}
    for course in (
        CoursePage.objects.live()
        .filter(locale__language_code="ar", association__isnull=False)
        .order_by("path")
    ):
        context["live_courses"].setdefault(course.association_id, []).append(course)
    # The French title of each course (its French translation's, when it has one).
    context["french_titles"] = {}
    translations = {
        page.translation_key: page.title
        for page in CoursePage.objects.filter(locale__language_code="fr").only(
            "translation_key", "title"
        )
    }
    for courses in context["live_courses"].values():
        for course in courses:
            context["french_titles"][course.pk] = translations.get(course.translation_key, "")
    context["story_of"] = {a.pk: story for story, a in story_associations(context).items()}


def seed(*, rng, context, log):
    # Drawn from the seed itself, not from the shared generator's current state, which
    # depends on what the earlier steps created this time.
    token = context.get("seed_token") or rng.getrandbits(32)
    today = timezone.localdate()
    # The 2025 call's agreements report on the sessions their associations already hold for
    # the 2023 call: no sessions of their own, and the 2023 categories drawn as before.
    agreements = list(
        Agreement.objects.select_related("programme", "association")
        .exclude(reference__startswith=THIRD_PREFIX)
        .order_by("reference")
    )
    _context(context)
    category_of, anomaly_of = categories(
        agreements, rng=random.Random(f"{token}-categories"), context=context
    )
    held = records = 0
    for index, agreement in enumerate(agreements):
        if agreement_sessions(agreement=agreement).exists():
            continue  # seeded already
        arng = random.Random(f"{token}-{agreement.reference}")
        by = association_trainer(agreement.association, rng=arng)
        planner = AgreementPlanner(
            agreement,
            category=category_of[agreement.reference],
            anomaly=anomaly_of.get(agreement.reference, ""),
            rng=arng,
            context=context,
            today=today,
        )
        sessions, marks, people = _hold_agreement(
            agreement, planner, by=by, device_base=index * 1000
        )
        # Yesterday's session of association A and its certificates draw on these.
        context.setdefault("regulars", {})[agreement.association_id] = people
        held += sessions
        records += marks
    counts = {name: list(category_of.values()).count(name) for name in SHARES}
    log(
        f"Progress: {held} sessions held with {records} attendance records; agreements "
        + ", ".join(f"{name.replace('_', ' ')} {count}" for name, count in counts.items())
        + "; anomalies: "
        + ", ".join(f"{ref} ({kind.replace('_', ' ')})" for ref, kind in sorted(anomaly_of.items()))
        + "."
    )
    seed_requests(context=context, log=log)
