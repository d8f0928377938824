"""Self check-in: rotating signed tokens, the typed code, the open window, idempotence."""

import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from courses.attendance import checkin
from courses.attendance.services import attendance_check_in
from courses.models import AttendanceRecord, TrainingSession

from ...factories.attendance import session_now

pytestmark = pytest.mark.django_db

WINDOW = checkin.WINDOW_SECONDS


@pytest.fixture
def session(trainer_association):
    return session_now(association=trainer_association)


def _code(callable_, *args, **kwargs):
    with pytest.raises(ValidationError) as error:
        callable_(*args, **kwargs)
    return error.value.code


def test_the_token_changes_every_window():
    now = 1_800_000_000 - 1_800_000_000 % WINDOW
    first = checkin.token_make(session_id=7, now=now)
    assert checkin.token_make(session_id=7, now=now + WINDOW - 1) == first
    assert checkin.token_make(session_id=7, now=now + WINDOW) != first
    assert checkin.code_make(session_id=7, window=1) != checkin.code_make(session_id=7, window=2)
    assert len(checkin.code_make(session_id=7, window=1)) == checkin.CODE_LENGTH


def test_the_previous_window_is_accepted_then_it_expires():
    now = 1_800_000_000 - 1_800_000_000 % WINDOW
    token = checkin.token_make(session_id=7, now=now)
    assert checkin.token_verify(token, now=now + WINDOW + 5) == 7  # grace
    assert _code(checkin.token_verify, token, now=now + 2 * WINDOW) == "expired"
    code = checkin.code_make(session_id=7, window=checkin.current_window(now))
    assert checkin.code_matches(session_id=7, code=code.lower(), now=now + WINDOW)
    assert not checkin.code_matches(session_id=7, code=code, now=now + 2 * WINDOW)


def test_a_forged_or_edited_token_is_refused():
    token = checkin.token_make(session_id=7)
    session_id, window, signature = token.split("-")
    assert _code(checkin.token_verify, f"8-{window}-{signature}") == "forged"
    assert _code(checkin.token_verify, f"{session_id}-{window}-{'0' * 32}") == "forged"
    assert _code(checkin.token_verify, "not-a-token") == "malformed"


def test_a_token_replayed_for_another_session_is_refused(session, learner):
    other = session_now(association=session.association)
    token = checkin.token_make(session_id=other.pk)
    assert _code(attendance_check_in, learner=learner, session=session, token=token) == (
        "wrong_session"
    )


def test_a_learner_checks_in_once(session, learner):
    token = checkin.token_make(session_id=session.pk)
    first = attendance_check_in(learner=learner, token=token, request_meta={"REMOTE_ADDR": "1"})
    again = attendance_check_in(learner=learner, token=token)
    assert first.created and not again.created
    assert again.record.pk == first.record.pk
    assert first.record.method == AttendanceRecord.Method.QR
    assert len(first.record.device_hash) == 64
    assert AttendanceRecord.objects.filter(session=session).count() == 1


def test_the_typed_code_finds_the_open_session(session, learner):
    code = checkin.code_make(session_id=session.pk)
    result = attendance_check_in(learner=learner, code=code)
    assert (result.record.session_id, result.record.method) == (session.pk, "code")
    assert _code(attendance_check_in, learner=learner, code="ZZZZZZ") == "unknown_code"


def test_check_in_is_closed_outside_the_window(trainer_association, learner, settings):
    settings.ATTENDANCE_OPEN_BEFORE_MINUTES = 30
    later = session_now(association=trainer_association, starts_in=timedelta(hours=2))
    token = checkin.token_make(session_id=later.pk)
    assert _code(attendance_check_in, learner=learner, token=token) == "closed"
    settings.ATTENDANCE_OPEN_BEFORE_MINUTES = 180
    assert attendance_check_in(learner=learner, token=token).created


def test_the_window_reads_the_same_for_one_session_and_for_the_database(
    trainer_association, settings
):
    """The typed-code lookup and the check-in pages agree on when a session is open."""
    settings.ATTENDANCE_OPEN_BEFORE_MINUTES = 30
    settings.ATTENDANCE_OPEN_AFTER_MINUTES = 60
    session = session_now(association=trainer_association, starts_in=timedelta(hours=1), hours=2)
    start, end = session.starts_at, session.ends_at
    moments = {
        "too early": start - timedelta(minutes=31),
        "opens": start - timedelta(minutes=30),
        "during": start + timedelta(hours=1),
        "closes": end + timedelta(minutes=60),
        "too late": end + timedelta(minutes=61),
    }
    sessions = TrainingSession.objects.filter(pk=session.pk)
    for label, now in moments.items():
        in_query = checkin.open_sessions(sessions, now=now).exists()
        assert checkin.is_open(session, now) == in_query, label
    assert [checkin.is_open(session, now) for now in moments.values()] == [
        False,
        True,
        True,
        True,
        False,
    ]
    session.status = TrainingSession.Status.CANCELLED
    session.save()
    assert not checkin.is_open(session, moments["during"])
    assert not checkin.open_sessions(sessions, now=moments["during"]).exists()


def test_a_cancelled_session_refuses_check_in(session, learner):
    session.status = session.Status.CANCELLED
    session.save()
    token = checkin.token_make(session_id=session.pk)
    assert _code(attendance_check_in, learner=learner, token=token) == "cancelled"


def test_the_rate_limit_counts_per_person_and_per_address(settings):
    settings.ATTENDANCE_RATE_LIMIT_PREFIX = f"test-{time.time()}"
    results = [
        checkin.rate_limited(user_id=1, scope="s1", ip="10.0.0.1")
        for _ in range(checkin.PER_PERSON.attempts + 1)
    ]
    assert results[-1] and not any(results[:-1])
    assert not checkin.rate_limited(user_id=2, scope="s1", ip="10.0.0.1")


def test_a_room_of_300_behind_one_address_all_check_in_and_the_address_is_still_capped(settings):
    settings.ATTENDANCE_RATE_LIMIT_PREFIX = f"test-{time.time()}"
    # Each person scans (one attempt) then confirms (a second one), all from the venue's Wi-Fi.
    refused = [
        checkin.rate_limited(user_id=person, scope="s1", ip="10.0.0.9")
        for person in range(300)
        for _step in ("scan", "confirm")
    ]
    assert not any(refused)
    for _ in range(checkin.PER_IP.attempts - 600):
        checkin.rate_limited(user_id=999, scope="retries", ip="10.0.0.9")
    assert checkin.rate_limited(user_id=1000, scope="s1", ip="10.0.0.9")


def test_the_device_hash_never_contains_the_address():
    value = checkin.device_hash({"REMOTE_ADDR": "192.0.2.7", "HTTP_USER_AGENT": "phone"})
    assert "192.0.2.7" not in value and len(value) == 64
    assert value == checkin.device_hash({"REMOTE_ADDR": "192.0.2.7", "HTTP_USER_AGENT": "phone"})


def test_a_learner_can_only_check_themselves_in(session, learner, citizen):
    from django.core.exceptions import PermissionDenied

    from courses.attendance.services import attendance_mark

    with pytest.raises(PermissionDenied):
        attendance_mark(
            session=session, participant=citizen, status="present", method="qr", by=learner
        )
    record = attendance_mark(
        session=session, participant=learner, status="present", method="qr", by=learner
    )
    assert record.recorded_by == learner
