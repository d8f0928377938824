"""The trainer's day: My sessions with their counts, editing and rescheduling a session with
the people concerned told, capacity changes that never drop a confirmed seat, everyone present
on the roll call, the course's per-learner summary and the learner's own history."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from courses import selectors, services
from courses.attendance.history import course_attendance_summary, learner_attendance_history
from courses.attendance.services import attendance_correct, attendance_mark
from courses.models import AttendanceRecord, SessionRegistration, TrainingSession
from notifications.models import Notification

from ..factories.accounts import UserFactory
from ..factories.attendance import registered, session_now
from ..factories.learning import SessionRegistrationFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

Status = SessionRegistration.Status


def _mark(session, person, by, status="present"):
    return attendance_mark(
        session=session, participant=person, status=status, method="roll_call", by=by
    )


@pytest.fixture
def upcoming(trainer_association, trainer):
    session = TrainingSessionFactory(association=trainer_association, capacity=2)
    session.trainers.add(trainer)
    return session


def _register(session, count, status=Status.CONFIRMED):
    people = [UserFactory() for _ in range(count)]
    for position, person in enumerate(people, 1):
        SessionRegistrationFactory(
            session=session,
            learner=person,
            status=status,
            position=position if status == Status.WAITLISTED else None,
        )
    return people


# --- My sessions --------------------------------------------------------------------------------


def _started_today() -> timedelta:
    """Half an hour ago, or just after the local midnight when that was less than half an
    hour ago (so the session is today's in Africa/Casablanca whatever the hour of the run)."""
    local_now = timezone.localtime()
    midnight = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
    return max(timedelta(minutes=-30), midnight + timedelta(minutes=1) - local_now)


def test_my_sessions_puts_today_first_with_counts(trainer_association, trainer):
    today = session_now(association=trainer_association, starts_in=_started_today())
    today.trainers.add(trainer)
    here, away, unmarked = registered(today, 3)
    _mark(today, here, trainer)
    _mark(today, away, trainer, "absent")
    later = TrainingSessionFactory(association=trainer_association)
    later.trainers.add(trainer)
    past = session_now(association=trainer_association, starts_in=timedelta(days=-3))
    past.trainers.add(trainer)
    someone_elses = TrainingSessionFactory(association=trainer_association)
    someone_elses.trainers.add(UserFactory())
    day = selectors.my_sessions(user=trainer)
    assert [s.pk for s in day["today"]] == [today.pk]
    assert [s.pk for s in day["upcoming"]] == [later.pk]
    assert [s.pk for s in day["past"]] == [past.pk]
    counts = day["today"][0].counts
    assert (counts.registered, counts.present, counts.pending) == (3, 1, 1)


def test_my_sessions_include_the_associations_sessions_nobody_trains(
    trainer_association, other_trainer_association, trainer
):
    unassigned = TrainingSessionFactory(association=trainer_association)
    elsewhere = TrainingSessionFactory(association=other_trainer_association)
    found = [s.pk for s in selectors.my_sessions(user=trainer)["upcoming"]]
    assert unassigned.pk in found
    assert elsewhere.pk not in found


def test_the_my_sessions_page_lists_and_links(client, upcoming, trainer):
    client.force_login(trainer)
    response = client.get(reverse("courses:my_sessions"))
    assert response.status_code == 200
    assert reverse("courses:session_edit", args=[upcoming.pk]) in response.content.decode()


def test_my_sessions_is_empty_for_a_learner_and_closed_to_strangers(client, learner, upcoming):
    assert client.get(reverse("courses:my_sessions")).status_code == 302
    client.force_login(learner)
    response = client.get(reverse("courses:my_sessions"))
    assert response.status_code == 200
    assert upcoming.title not in response.content.decode()


# --- Editing and rescheduling -------------------------------------------------------------------


def test_rescheduling_tells_the_seats_and_the_waiting_list(
    upcoming, trainer, django_capture_on_commit_callbacks
):
    confirmed = _register(upcoming, 2)
    waiting = _register(upcoming, 1, Status.WAITLISTED)
    waiting[0].preferred_language = "fr"
    waiting[0].save()
    mail.outbox.clear()
    starts = upcoming.starts_at + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        updated = services.session_update(
            session=upcoming, by=trainer, starts_at=starts, ends_at=starts + timedelta(hours=2)
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in confirmed + waiting)
    assert all(upcoming.title in m.subject for m in mail.outbox)
    assert updated.changes == ["time"]
    told = Notification.objects.filter(kind="courses.session_changed")
    assert {n.recipient_id for n in told} == {p.pk for p in confirmed + waiting}
    upcoming.refresh_from_db()
    assert upcoming.starts_at == starts


def test_a_description_change_tells_nobody(upcoming, trainer):
    _register(upcoming, 1)
    updated = services.session_update(
        session=upcoming, by=trainer, description_fr="Apportez un stylo"
    )
    assert updated.changes == []
    assert not Notification.objects.exists()


def test_a_capacity_cut_below_the_confirmed_seats_is_refused(upcoming, trainer):
    _register(upcoming, 2)
    with pytest.raises(ValidationError) as error:
        services.session_update(session=upcoming, by=trainer, capacity=1)
    assert "capacity" in error.value.error_dict
    upcoming.refresh_from_db()
    assert upcoming.capacity == 2
    assert upcoming.registrations.filter(status=Status.CONFIRMED).count() == 2


def test_a_capacity_raise_gives_seats_to_the_waiting_list_in_order(upcoming, trainer):
    _register(upcoming, 2)
    first, second, third = _register(upcoming, 3, Status.WAITLISTED)
    services.session_update(session=upcoming, by=trainer, capacity=4)
    statuses = dict(upcoming.registrations.values_list("learner_id", "status"))
    assert statuses[first.pk] == statuses[second.pk] == Status.CONFIRMED
    assert statuses[third.pk] == Status.WAITLISTED


def test_a_session_cannot_be_moved_into_the_past(upcoming, trainer):
    starts = timezone.now() - timedelta(hours=1)
    with pytest.raises(ValidationError):
        services.session_update(
            session=upcoming, by=trainer, starts_at=starts, ends_at=starts + timedelta(hours=3)
        )


def test_a_session_with_marks_cannot_be_moved(trainer_association, trainer):
    session = session_now(association=trainer_association)
    (person,) = registered(session)
    _mark(session, person, trainer)
    starts = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.session_update(
            session=session, by=trainer, starts_at=starts, ends_at=starts + timedelta(hours=1)
        )
    assert error.value.code == "has_marks"


def test_others_cannot_edit_and_cancelled_or_held_sessions_are_frozen(
    upcoming, trainer, learner, other_trainer_association
):
    from ..factories.attendance import staff

    with pytest.raises(PermissionDenied):
        services.session_update(session=upcoming, by=learner, title_fr="X")
    with pytest.raises(PermissionDenied):
        services.session_update(session=upcoming, by=staff(other_trainer_association), title_fr="X")
    TrainingSession.objects.filter(pk=upcoming.pk).update(status=TrainingSession.Status.HELD)
    with pytest.raises(ValidationError):
        services.session_update(session=upcoming, by=trainer, title_fr="X")
    with pytest.raises(ValueError):
        services.session_update(session=upcoming, by=trainer, association=None)


def test_cancelling_tells_everyone_by_email_and_notification(
    upcoming, trainer, django_capture_on_commit_callbacks
):
    people = _register(upcoming, 2) + _register(upcoming, 1, Status.WAITLISTED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=upcoming, by=trainer)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    told = Notification.objects.filter(kind="courses.session_cancelled")
    assert {n.recipient_id for n in told} == {p.pk for p in people}


def test_the_edit_page_saves_and_shows_a_refusal_on_the_field(client, upcoming, trainer):
    _register(upcoming, 2)
    client.force_login(trainer)
    url = reverse("courses:session_edit", args=[upcoming.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "kind": upcoming.kind,
        "title_ar": upcoming.title_ar,
        "title_fr": "Nouveau titre",
        "description_ar": "",
        "audience": "",
        "starts_at": timezone.localtime(upcoming.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(upcoming.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "mode": upcoming.mode,
        "venue_ar": upcoming.venue_ar,
        "province": upcoming.province_id or "",
        "commune": upcoming.commune_id or "",
        "online_url": upcoming.online_url,
        "capacity": 1,
        "trainers": [trainer.pk],
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "capacity" in refused.context["form"].errors
    upcoming.refresh_from_db()
    assert upcoming.capacity == 2
    saved = client.post(url, {**data, "capacity": 3})
    assert saved.status_code == 302
    upcoming.refresh_from_db()
    assert (upcoming.title_fr, upcoming.capacity) == ("Nouveau titre", 3)


def test_the_edit_page_is_closed_to_learners(client, upcoming, learner):
    client.force_login(learner)
    assert client.get(reverse("courses:session_edit", args=[upcoming.pk])).status_code == 403


# --- Everyone present, summaries, history --------------------------------------------------------


def test_the_roll_call_marks_everyone_present_in_one_post(client, trainer_association, trainer):
    session = session_now(association=trainer_association)
    registered(session, 3)
    client.force_login(trainer)
    response = client.post(reverse("attendance:mark_all", args=[session.pk]))
    assert response.status_code == 302
    assert AttendanceRecord.objects.filter(session=session, status="present").count() == 3


def test_the_course_summary_lists_each_learner(client, trainer_association, trainer, officer):
    from ..factories.courses import CoursePageFactory
    from ..factories.learning import section_for

    course = CoursePageFactory(parent=section_for(trainer_association))
    first = session_now(
        association=trainer_association, course=course, starts_in=timedelta(days=-2)
    )
    second = session_now(association=trainer_association, course=course)
    ali, sara = UserFactory(full_name_latin="Ali"), UserFactory(full_name_latin="Sara")
    for session in (first, second):
        for person in (ali, sara):
            SessionRegistrationFactory(
                session=session,
                learner=person,
                status=Status.CONFIRMED,
                created_at=timezone.now() - timedelta(days=5),
            )
    _mark(first, ali, trainer)
    _mark(second, ali, trainer, "late")
    record = _mark(first, sara, trainer, "absent")
    attendance_correct(record=record, status="excused", reason="Malade", by=trainer)
    summary = course_attendance_summary(course=course)
    rows = {row.learner.pk: row for row in summary["rows"]}
    assert rows[ali.pk].statuses == ["present", "late"]
    assert rows[ali.pk].rate == 1.0
    assert rows[sara.pk].statuses == ["excused", ""]
    assert (rows[sara.pk].attended, rows[sara.pk].counted) == (0, 1)
    client.force_login(officer)
    page = client.get(reverse("attendance:course_summary", args=[course.pk]))
    assert page.status_code == 200
    assert sara.display_name in page.content.decode()


def test_the_course_summary_is_closed_to_learners(client, trainer_association, learner):
    from ..factories.courses import CoursePageFactory
    from ..factories.learning import section_for

    course = CoursePageFactory(parent=section_for(trainer_association))
    client.force_login(learner)
    assert client.get(reverse("attendance:course_summary", args=[course.pk])).status_code == 403


def test_a_learner_sees_their_own_history_and_nobody_elses(client, trainer_association, trainer):
    held = session_now(association=trainer_association, starts_in=timedelta(days=-1))
    unmarked = session_now(association=trainer_association, starts_in=timedelta(days=-2))
    me, other = UserFactory(), UserFactory()
    for session in (held, unmarked):
        SessionRegistrationFactory(session=session, learner=me, status=Status.CONFIRMED)
    SessionRegistrationFactory(session=held, learner=other, status=Status.CONFIRMED)
    _mark(held, me, trainer, "late")
    _mark(held, other, trainer, "absent")
    rows = learner_attendance_history(user=me)
    assert [(row.session.pk, row.status) for row in rows] == [(held.pk, "late"), (unmarked.pk, "")]
    client.force_login(me)
    page = client.get(reverse("courses:my_attendance"))
    assert page.status_code == 200
    assert held.title in page.content.decode()


def test_a_cancelled_session_is_shown_but_not_changed_by_the_edit_page(client, upcoming, trainer):
    TrainingSession.objects.filter(pk=upcoming.pk).update(status=TrainingSession.Status.CANCELLED)
    client.force_login(trainer)
    url = reverse("courses:session_edit", args=[upcoming.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["editable"] is False
    client.post(url, {"title_fr": "Autre titre", "capacity": 9})
    upcoming.refresh_from_db()
    assert upcoming.title_fr != "Autre titre"


def test_receipts_are_listed_in_my_data(trainer_association, trainer):
    import uuid

    from accounts.personal_data import personal_data_export
    from courses.attendance.services import attendance_sync

    session = session_now(association=trainer_association)
    (person,) = registered(session)
    now = timezone.now().isoformat()
    attendance_sync(
        by=trainer,
        items=[
            {
                "key": uuid.uuid4().hex,
                "kind": "mark",
                "session": session.pk,
                "person": f"u{person.pk}",
                "status": "present",
                "marked_at": now,
                "sent_at": now,
            }
        ],
    )
    assert personal_data_export(user=trainer)["sections"]["offline_marks_sent"]
