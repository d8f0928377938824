"""Anomaly flags: each detector with a case that trips it and one that does not."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from courses.attendance import checkin
from courses.attendance.flags import session_flags
from courses.attendance.services import (
    attendance_check_in,
    attendance_mark,
    sheet_scan_upload,
    walk_in_add,
)

from ...factories.accounts import UserFactory
from ...factories.attendance import registered, session_now

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    # A real image: uploads are decoded and re-encoded (core.uploads), a signature alone is refused.
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


def _codes(session):
    return {flag.code: set(flag.record_ids) for flag in session_flags(session=session)}


@pytest.fixture
def session(trainer_association):
    return session_now(association=trainer_association)


def _check_in(session, person, device="phone"):
    return attendance_check_in(
        learner=person,
        token=checkin.token_make(session_id=session.pk),
        request_meta={"REMOTE_ADDR": "192.0.2.1", "HTTP_USER_AGENT": device},
    ).record


def _mark(session, person, by):
    return attendance_mark(
        session=session, participant=person, status="present", method="roll_call", by=by
    )


def test_a_clean_session_has_no_flag(session, trainer):
    people = registered(session, 2)
    _check_in(session, people[0], "a")
    _mark(session, people[1], trainer)
    assert _codes(session) == {}


def test_checkins_outside_the_window(session):
    record = _check_in(session, registered(session)[0])
    assert "checkin_outside_window" not in _codes(session)
    session.starts_at += timedelta(days=1)  # moved after people checked in
    session.ends_at += timedelta(days=1)
    session.save()
    assert _codes(session)["checkin_outside_window"] == {record.pk}


def test_one_device_checking_in_many_people(session, settings):
    settings.ATTENDANCE_DEVICE_MAX_PEOPLE = 3
    people = registered(session, 4)
    records = [_check_in(session, person, "shared") for person in people[:3]]
    assert "shared_device" not in _codes(session)
    records.append(_check_in(session, people[3], "shared"))
    assert _codes(session)["shared_device"] == {r.pk for r in records}


def test_more_present_than_registered(session, trainer):
    person = registered(session)[0]
    _mark(session, person, trainer)
    assert "more_present_than_registered" not in _codes(session)
    walk_in = walk_in_add(session=session, by=trainer, name_ar="زائر")
    assert walk_in.pk in _codes(session)["more_present_than_registered"]


def test_records_added_long_after_the_session(trainer_association, trainer):
    recent = session_now(association=trainer_association, starts_in=timedelta(days=-2))
    _mark(recent, registered(recent)[0], trainer)
    assert "late_entry" not in _codes(recent)
    old = session_now(association=trainer_association, starts_in=timedelta(days=-5))
    record = _mark(old, registered(old)[0], trainer)
    assert _codes(old)["late_entry"] == {record.pk}


def test_the_same_sheet_uploaded_twice(session, trainer):
    person = registered(session)[0]
    first = sheet_scan_upload(
        session=session, file=SimpleUploadedFile("a.png", PNG + b"1"), by=trainer
    )
    attendance_mark(
        session=session,
        participant=person,
        status="present",
        method="sheet",
        by=trainer,
        sheet_scan=first,
    )
    assert "duplicate_sheet" not in _codes(session)
    other = session_now(association=session.association)
    again = sheet_scan_upload(
        session=other, file=SimpleUploadedFile("b.png", PNG + b"1"), by=trainer
    )
    assert again.duplicate_of == first
    record = attendance_mark(
        session=other,
        participant=registered(other)[0],
        status="present",
        method="sheet",
        by=trainer,
        sheet_scan=again,
    )
    assert _codes(other)["duplicate_sheet"] == {record.pk}


def test_one_person_present_at_two_overlapping_sessions(session, trainer):
    person = UserFactory()
    here = _mark(session, person, trainer)
    # A session that does not overlap (earlier the same day: a later one could not be marked
    # before its window opens).
    earlier = session_now(association=session.association, starts_in=timedelta(hours=-6), hours=2)
    _mark(earlier, person, trainer)
    assert "overlapping_sessions" not in _codes(session)
    overlapping = session_now(association=session.association, starts_in=timedelta(minutes=20))
    there = _mark(overlapping, person, trainer)
    assert _codes(session)["overlapping_sessions"] == {here.pk, there.pk}
