"""What the bench needs in the database, made in the bench process (Django configured by
``bench.run``): the pages to request, signed-in sessions (cookies) for learners and the
officer, and a session open for check-in now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone

LARGE = "large.tamkeen.test"
OFFICER = "officer@tamkeen.test"


@dataclass
class Page:
    name: str
    url: str


def large_data_set_ready() -> bool:
    from accounts.models import User
    from demo.large import people

    return User.objects.filter(email=people.learner_email(1)).exists()


def counts() -> dict:
    from accounts.models import User
    from certificates.models import Certificate
    from courses.models import AttendanceRecord, CoursePage, TrainingSession
    from grants.models import Agreement
    from organisations.models import Organisation

    return {
        "agreements": Agreement.objects.count(),
        "learners": User.objects.filter(email__startswith="learner.").count(),
        "member associations": Organisation.objects.filter(kind="member").count(),
        "courses": CoursePage.objects.filter(locale__language_code="ar").count(),
        "sessions": TrainingSession.objects.count(),
        "attendance records": AttendanceRecord.objects.count(),
        "certificates": Certificate.objects.count(),
    }


def public_pages() -> list[Page]:
    """Home, an awareness article, the catalogue and a course page, in Arabic and French."""
    from cms.models import AwarenessArticlePage, HomePage
    from courses.models import CatalogPage, CoursePage

    pages = []
    for language in ("ar", "fr"):
        live = {"locale__language_code": language}
        home = HomePage.objects.live().filter(**live).first()
        article = AwarenessArticlePage.objects.live().filter(**live).order_by("path").first()
        catalogue = CatalogPage.objects.live().filter(**live).first()
        # A course of the small demo: four lessons, the page a visitor reads.
        course = (
            CoursePage.objects.live()
            .filter(**live)
            .exclude(slug__startswith="l-course-")
            .order_by("path")
            .first()
        )
        for name, page in (
            ("home", home),
            ("article", article),
            ("catalogue", catalogue),
            ("course", course),
        ):
            if page is not None:
                pages.append(Page(f"{name} {language}", page.url))
    return pages


def session_cookie(user) -> str:
    """A signed-in session for ``user``, as logging in would leave it: allauth's record of the
    password and, for someone with an authenticator app, of the second factor (the middleware
    signs out a staff session without it, lms/middleware.py)."""
    import time

    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.mfa.models import Authenticator

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    now = time.time()
    records = [{"method": "password", "at": now, "email": user.email}]
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        records.append({"method": "mfa", "at": now, "id": totp.pk, "type": totp.type})
    store[AUTHENTICATION_METHODS_SESSION_KEY] = records
    # allauth keeps the records only for the user they were written for.
    store["account_authentication_methods_user"] = str(user.pk)
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def forget(cookies) -> None:
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    for cookie in cookies:
        store_class(cookie.split("=", 1)[1]).delete()


def learners(count: int, *, offset: int = 0) -> list:
    from accounts.models import User

    return list(
        User.objects.filter(email__startswith="learner.", email__endswith=f"@{LARGE}").order_by(
            "email"
        )[offset : offset + count]
    )


def officer():
    """The demo officer, with an authenticator app so the MFA rule of production lets them in."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts.models import User

    user = User.objects.get(email=OFFICER)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


def checkin_session(*, learners_count: int):
    """A session of a trainer association starting now, and ``learners_count`` signed-in
    learners who did not register (anyone signed in may check in with the code)."""
    from courses.models import TrainingSession
    from organisations.models import Membership

    membership = (
        Membership.objects.filter(role="trainer", user__email__endswith=f"@{LARGE}")
        .select_related("organisation", "user")
        .order_by("organisation__registration_number")
        .first()
    )
    association = membership.organisation
    now = timezone.now()
    session = TrainingSession.objects.create(
        kind=TrainingSession.Kind.TRAINING,
        association=association,
        title_fr=f"Bench check-in {now:%Y-%m-%d %H:%M:%S}",
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=2),
        venue_fr="Bench",
        province_id=association.province_id,
        region_id=association.region_id,
        capacity=learners_count + 10,
    )
    session.trainers.set([membership.user])
    # Not the learners whose "My learning" is measured (the first few).
    people = learners(learners_count, offset=100)
    return session, [session_cookie(person) for person in people]


def checkin_result(session) -> dict:
    from django.db.models import Count

    from courses.attendance.services import attendance_chain_verify
    from courses.models import AttendanceRecord

    records = AttendanceRecord.objects.filter(session=session)
    duplicates = records.values("learner_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    return {
        "recorded": records.count(),
        "people": records.values("learner_id").distinct().count(),
        "duplicated": duplicates,
        "chain_breaks": len(attendance_chain_verify(session=session)),
    }
