"""The figures delivered under agreements, computed from courses and attendance (read-only),
read through courses' and certificates' selectors (``courses/selectors/evidence.py``).

``delivery_figures_for(agreements)`` answers for any number of agreements in a fixed number of
queries: the sessions, the current attendance records, memberships, completions, quiz scores
and certificates are each read once for all of them, then split by agreement in Python. A
session counts for an agreement when its association delivered it, it is marked held, and it
started within the agreement's period (local dates, ends included).

Who is a beneficiary follows the programme's rule. Staff of the delivering association and the
session's trainers are never counted; walk-ins are, and a walk-in claimed by an account is the
same person as that account.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.attendance.selectors import session_staff_ids, sessions_figures
from courses.selectors import attended_rows, held_sessions, sessions_listed
from organisations.models import Membership, Organisation

from .evidence_outcomes import certificate_counts, completions_by_agreement, learning_gains

AGE_BAND_LABELS = {
    "under_18": _("Under 18"),
    "18_24": _("18–24"),
    "25_34": _("25–34"),
    "35_44": _("35–44"),
    "45_59": _("45–59"),
    "60_plus": _("60 and over"),
    "unknown": _("Age not given"),
}
GENDER_LABELS = {"female": _("Women"), "male": _("Men"), "unknown": _("Gender not given")}
AGE_BANDS = list(AGE_BAND_LABELS)
GENDERS = list(GENDER_LABELS)


def labelled(counts: dict, labels: dict) -> list[tuple]:
    """``[(label, count)]`` in the labels' order, for templates."""
    return [(label, counts.get(key, 0)) for key, label in labels.items()]


def age_band(birth_year: int | None, year: int) -> str:
    if not birth_year:
        return "unknown"
    age = year - birth_year
    for limit, band in ((18, "under_18"), (25, "18_24"), (35, "25_34"), (45, "35_44")):
        if age < limit:
            return band
    return "45_59" if age < 60 else "60_plus"


def beneficiary_key(learner_id, participant_id, claimed_by_id) -> str:
    """One key per person: a claimed walk-in is the account that claimed it."""
    if learner_id:
        return f"u{learner_id}"
    return f"u{claimed_by_id}" if claimed_by_id else f"p{participant_id}"


def _share(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) / whole).quantize(Decimal("0.0001")) if whole else None


def held_sessions_for(agreements):
    """The held sessions of the agreements' associations in the span of their periods (a
    queryset; split by agreement with ``session_in_agreement``)."""
    agreements = list(agreements)
    if not agreements:
        return held_sessions(association_ids=set())
    start = min(a.starts_on for a in agreements)
    end = max(a.ends_on for a in agreements)
    # A day's margin at both ends: the database's dates are UTC, the agreement's local.
    return held_sessions(
        association_ids={a.association_id for a in agreements},
        first_day=start - timedelta(days=1),
        last_day=end + timedelta(days=1),
    )


def session_in_agreement(session, agreement) -> bool:
    day = timezone.localdate(session.starts_at)
    return (
        session.association_id == agreement.association_id
        and agreement.starts_on <= day <= agreement.ends_on
    )


def agreement_sessions(*, agreement):
    """The held sessions that count for ``agreement`` (a queryset, for lists and exports)."""
    candidates = held_sessions_for([agreement]).only("pk", "association_id", "starts_at")
    kept = [s.pk for s in candidates if session_in_agreement(s, agreement)]
    return sessions_listed(session_ids=kept)


def beneficiary_rows(*, agreement) -> list[dict]:
    """The attended records behind the beneficiaries of ``agreement`` (staff left out), each
    with the person's key, gender, age band, region and province: the drill-down's rows."""
    sessions = list(agreement_sessions(agreement=agreement))
    # Association staff and trainers are never beneficiaries.
    staff = session_staff_ids(sessions=sessions)
    by_id = {s.pk: s for s in sessions}
    records = attended_rows(session_ids=list(by_id))
    counted = _counted_people(agreement, sessions, records, staff)
    rows = []
    for row in records:
        key = beneficiary_key(
            row["learner_id"], row["participant_id"], row["participant__claimed_by_id"]
        )
        if key not in counted or row["learner_id"] in staff[row["session_id"]]:
            continue
        session = by_id[row["session_id"]]
        rows.append(
            {
                **row,
                "key": key,
                "session": session,
                "gender": _gender(row),
                "age_band": age_band(_birth_year(row), timezone.localdate(session.starts_at).year),
                "region": session.region.code if session.region_id else "",
                "province": session.province.code if session.province_id else "",
            }
        )
    return rows


def _gender(row) -> str:
    value = row["learner__gender"] if row["learner_id"] else row["participant__gender"]
    return value or "unknown"


def _birth_year(row):
    return row["learner__birth_year"] if row["learner_id"] else row["participant__birth_year"]


def _counted_people(agreement, sessions, rows, staff) -> set[str]:
    """The people who count as beneficiaries of ``agreement`` under its programme's rule."""
    from .models import Programme

    programme = agreement.programme
    # ``sessions`` are the agreement's own, ``rows`` theirs only (delivery_figures_for).
    by_id = {s.pk: s for s in sessions}
    attended: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        if row["session_id"] not in by_id or row["learner_id"] in staff[row["session_id"]]:
            continue
        key = beneficiary_key(
            row["learner_id"], row["participant_id"], row["participant__claimed_by_id"]
        )
        attended[key].add(row["session_id"])
    if programme.beneficiary_rule != Programme.BeneficiaryRule.COURSE_SHARE:
        return set(attended)
    # A minimum share of the held sessions of one course; a session outside any course is a
    # course of its own.
    held_by_course: dict[object, int] = defaultdict(int)
    for session in sessions:
        held_by_course[session.course_id or f"s{session.pk}"] += 1
    counted = set()
    for key, session_ids in attended.items():
        per_course: dict[object, int] = defaultdict(int)
        for session_id in session_ids:
            session = by_id[session_id]
            per_course[session.course_id or f"s{session.pk}"] += 1
        if any(
            Decimal(n) / held_by_course[course] >= programme.beneficiary_min_course_share
            for course, n in per_course.items()
        ):
            counted.add(key)
    return counted


def _place(session, level) -> dict | None:
    place = getattr(session, level)
    if place is None:
        return None
    return {"code": place.code, "name_ar": place.name_ar, "name_fr": place.name_fr}


def _breakdown(counter: dict, keys) -> dict:
    return {key: counter.get(key, 0) for key in keys}


def delivery_figures_for(agreements) -> dict[int, dict]:
    """Agreement id → its delivered figures (plain JSON-ready data), in a fixed number of
    queries however many agreements, sessions and records there are."""
    agreements = list(agreements)
    sessions = list(held_sessions_for(agreements).select_related("course", "region", "province"))
    # Association staff and trainers are never beneficiaries.
    staff = session_staff_ids(sessions=sessions)
    session_figures = sessions_figures(sessions=sessions) if sessions else {}
    rows = attended_rows(session_ids=[s.pk for s in sessions])
    member_of: dict[int, set[int]] = defaultdict(set)
    learner_ids = {r["learner_id"] for r in rows if r["learner_id"]}
    learner_ids |= {r["participant__claimed_by_id"] for r in rows} - {None}
    memberships = Membership.objects.filter(
        organisation__kind=Organisation.Kind.MEMBER,
        role__in=[Membership.Role.MEMBER, Membership.Role.ADMIN],
    )
    # Past a few thousand people, reading every member association's memberships is cheaper
    # than sending their ids (most of them are learners anyway).
    if len(learner_ids) <= 2000:
        memberships = memberships.filter(user_id__in=learner_ids or [0])
    for user_id, organisation_id in memberships.values_list("user_id", "organisation_id"):
        member_of[user_id].add(organisation_id)
    staff_by_association: dict[int, set[int]] = defaultdict(set)
    for organisation_id, user_id in Membership.objects.filter(
        organisation_id__in={a.association_id for a in agreements}
    ).values_list("organisation_id", "user_id"):
        staff_by_association[organisation_id].add(user_id)
    completions = completions_by_agreement(agreements, staff_by_association)
    gains = learning_gains(agreements) if agreements else {}
    certificates = certificate_counts(agreements)
    by_session = {s.pk: s for s in sessions}
    # Each row and session is looked at once per agreement it belongs to, not once per
    # agreement of the programme: 97 agreements x 150,000 records is too many.
    rows_by_session: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        rows_by_session[row["session_id"]].append(row)
    sessions_by_association: dict[int, list] = defaultdict(list)
    for session in sessions:
        session.local_day = timezone.localdate(session.starts_at)
        sessions_by_association[session.association_id].append(session)
    result = {}
    for agreement in agreements:
        own = [
            s
            for s in sessions_by_association[agreement.association_id]
            if agreement.starts_on <= s.local_day <= agreement.ends_on
        ]
        own_rows = [row for s in own for row in rows_by_session[s.pk]]
        counted = _counted_people(agreement, own, own_rows, staff)
        people: dict[str, dict] = {}
        for row in own_rows:
            if row["learner_id"] in staff[row["session_id"]]:
                continue
            key = beneficiary_key(
                row["learner_id"], row["participant_id"], row["participant__claimed_by_id"]
            )
            if key not in counted:
                continue
            session = by_session[row["session_id"]]
            person = people.get(key)
            if person is None:
                person = people[key] = {
                    "gender": _gender(row),
                    "age_band": age_band(_birth_year(row), session.local_day.year),
                    "regions": set(),
                    "provinces": set(),
                    "themes": set(),
                    "members": set(),
                }
            if session.region_id:
                person["regions"].add(session.region.code)
            if session.province_id:
                person["provinces"].add(session.province.code)
            person["themes"].add(session.course.theme if session.course_id else session.kind)
            user_id = row["learner_id"] or row["participant__claimed_by_id"]
            person["members"] |= member_of.get(user_id, set())
            if row["participant__member_association_id"]:
                person["members"].add(row["participant__member_association_id"])
        result[agreement.pk] = _figures(
            own, people, session_figures, completions, gains, certificates, agreement
        )
    return result


def _figures(own, people, session_figures, completions, gains, certificates, agreement) -> dict:
    genders = defaultdict(int)
    bands = defaultdict(int)
    themes = defaultdict(int)
    members = set()
    places = {"region": {}, "province": {}}
    for person in people.values():
        genders[person["gender"]] += 1
        bands[person["age_band"]] += 1
        members |= person["members"]
        for theme in person["themes"]:
            themes[theme] += 1
    for level in ("region", "province"):
        for session in own:
            place = _place(session, level)
            if place:
                entry = places[level].setdefault(
                    place["code"], {**place, "sessions": 0, "beneficiaries": 0}
                )
                entry["sessions"] += 1
        for person in people.values():
            for code in person[f"{level}s"]:
                places[level][code]["beneficiaries"] += 1
    expected = sum(session_figures[s.pk].expected for s in own)
    attended = sum(session_figures[s.pk].attended for s in own)
    known = genders["female"] + genders["male"]
    return {
        "sessions": len(own),
        "beneficiaries": len(people),
        "member_associations": len(members),
        "certificates": certificates.get(agreement.pk),
        "completions": completions.get(agreement.pk, 0),
        "attendance": {
            "expected": expected,
            "attended": attended,
            "rate": _share(attended, expected),
        },
        "learning_gain": gains.get(agreement.pk),
        "women_share": _share(genders["female"], known),
        "by_gender": _breakdown(genders, GENDERS),
        "by_age_band": _breakdown(bands, AGE_BANDS),
        "by_theme": dict(sorted(themes.items())),
        "by_region": [places["region"][code] for code in sorted(places["region"])],
        "by_province": [places["province"][code] for code in sorted(places["province"])],
        "regions": sorted(places["region"]),
        "provinces": sorted(places["province"]),
    }
