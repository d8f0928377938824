"""Enrollments of everyone registered at a course's sessions, their lesson progress, and
15,000 certificates (at scale 1) for learners who attended and finished every lesson.

Certificates hold the snapshot ``certificates.services._snapshot`` takes and a credential
signed like ``certificates.credentials.credential_sign`` (it needs the row's key, so the rows
are inserted first, then signed and updated). The PDF is left to be drawn: see the package
docstring."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from certificates.credentials import open_badge_credential
from certificates.models import Certificate
from certificates.models.codes import ALPHABET, BODY_LENGTH, check_character
from certificates.signing import active_signing_key, jws_sign
from courses.models import AttendanceRecord, Enrollment, LessonPage, LessonProgress
from grants.models import Agreement

from .courses import large_courses
from .people import large_learners

BATCH = 2000


def _code(rng) -> str:
    body = "".join(rng.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return body + check_character(body)


def _pairs(course_ids) -> dict:
    """{(learner, course): (first session start, last attended end or None)} from the current
    attendance records of the courses' sessions."""
    pairs: dict = {}
    rows = (
        AttendanceRecord.objects.current()
        .filter(session__course_id__in=course_ids, learner__isnull=False)
        .values_list("learner_id", "session__course_id", "status", "session__starts_at")
        .order_by("session__starts_at", "pk")
        .iterator(chunk_size=5000)
    )
    for learner_id, course_id, status, starts_at in rows:
        first, attended = pairs.get((learner_id, course_id), (starts_at, None))
        if status in AttendanceRecord.ATTENDED:
            attended = starts_at + datetime.timedelta(hours=3)
        pairs[(learner_id, course_id)] = (first, attended)
    return pairs


def _agreement(agreements, association_id, day):
    for agreement in agreements.get(association_id, []):
        if agreement.starts_on <= day <= agreement.ends_on:
            return agreement
    return None


def seed_learning(*, rng, counts, context) -> str:
    courses = {course.pk: course for course in large_courses()}
    if Enrollment.objects.filter(course_id__in=list(courses)).exists():
        return "already there, skipped"
    member_of = dict(large_learners())
    by_path = {course.path: course.pk for course in courses.values()}
    lessons: dict[int, list[int]] = {}
    for lesson_id, path in (
        LessonPage.objects.filter(slug__startswith="l-lesson-", locale__language_code="ar")
        .order_by("path")
        .values_list("pk", "path")
    ):
        course_id = by_path.get(path[: -LessonPage.steplen])
        if course_id is not None:
            lessons.setdefault(course_id, []).append(lesson_id)

    pairs = _pairs(list(courses))
    attended = sorted(key for key, (_first, last) in pairs.items() if last is not None)
    certified = set(rng.sample(attended, min(counts.certificates, len(attended))))
    now = timezone.now()

    enrollments, issued_at = [], {}
    for (learner_id, course_id), (first, last) in sorted(pairs.items()):
        done = (learner_id, course_id) in certified
        if done:
            issued_at[(learner_id, course_id)] = min(now, last + datetime.timedelta(days=3))
        enrollments.append(
            Enrollment(
                learner_id=learner_id,
                course_id=course_id,
                status=Enrollment.Status.COMPLETED if done else Enrollment.Status.ACTIVE,
                enrolled_by_id=learner_id,
                member_association_id=member_of.get(learner_id),
                created_at=first - datetime.timedelta(days=14),
                completed_at=issued_at.get((learner_id, course_id)),
            )
        )
    Enrollment.objects.bulk_create(enrollments, batch_size=BATCH)

    progress = []
    for enrollment in enrollments:
        course_lessons = lessons.get(enrollment.course_id, [])
        key = (enrollment.learner_id, enrollment.course_id)
        done = course_lessons if key in certified else course_lessons[: rng.choice([0, 0, 1])]
        when = issued_at.get(key) or enrollment.created_at + datetime.timedelta(days=10)
        progress += [
            LessonProgress(enrollment_id=enrollment.pk, lesson_id=lesson_id, completed_at=when)
            for lesson_id in done
        ]
    LessonProgress.objects.bulk_create(progress, batch_size=BATCH)

    certificates = _certificates(enrollments, issued_at=issued_at, courses=courses, rng=rng)
    return (
        f"{len(enrollments)} enrollments, {len(progress)} lessons done, "
        f"{len(certificates)} certificates signed"
    )


def _certificates(enrollments, *, issued_at, courses, rng) -> list[Certificate]:
    agreements: dict[int, list] = {}
    for agreement in Agreement.objects.select_related("programme__funder").order_by(
        "-starts_on", "-pk"
    ):
        agreements.setdefault(agreement.association_id, []).append(agreement)
    wanted = [e for e in enrollments if (e.learner_id, e.course_id) in issued_at]
    people = User.objects.in_bulk([e.learner_id for e in wanted])
    certificates = []
    for enrollment in wanted:
        course = courses[enrollment.course_id]
        association = course.association
        learner = people[enrollment.learner_id]
        moment = issued_at[(enrollment.learner_id, enrollment.course_id)]
        day = timezone.localdate(moment)
        agreement = _agreement(agreements, association.pk, day)
        latest = agreement or (agreements.get(association.pk) or [None])[0]
        funder = latest.programme.funder if latest else None
        certificates.append(
            Certificate(
                code=_code(rng),
                learner=learner,
                enrollment_id=enrollment.pk,
                course=course,
                association=association,
                holder_name_ar=learner.full_name_ar,
                holder_name_latin=learner.full_name_latin or learner.email,
                course_title=course.title,
                association_name_ar=association.name_ar,
                association_name_fr=association.name_fr,
                funder_name_ar=funder.name_ar if funder else "",
                funder_name_fr=funder.name_fr if funder else "",
                hours=course.duration_hours,
                issued_on=day,
                issued_at=moment,
                identity_salt=f"{rng.getrandbits(64):016x}",
            )
        )
    Certificate.objects.bulk_create(certificates, batch_size=BATCH)
    key = active_signing_key()
    for certificate in certificates:
        payload = open_badge_credential(certificate, email=certificate.learner.email)
        certificate.credential_jwt = jws_sign(payload, key=key)
    Certificate.objects.bulk_update(certificates, ["credential_jwt"], batch_size=500)
    return certificates
