"""Attendance figures: rates per learner and course, per session, per course and association."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.attendance.selectors import (
    association_figures,
    course_figures,
    course_learner_rates,
    learner_course_rate,
    session_figures,
    session_roster_rows,
)
from courses.attendance.services import attendance_correct, attendance_mark, walk_in_add
from courses.models import AttendanceRecord

from ...factories.attendance import registered, session_now, staff
from ...factories.learning import EnrollmentFactory, course_with_lessons

pytestmark = pytest.mark.django_db

Status = AttendanceRecord.Status


def _mark(session, person, by, status=Status.PRESENT):
    return attendance_mark(
        session=session, participant=person, status=status, method="roll_call", by=by
    )


@pytest.fixture
def course(trainer_association):
    return course_with_lessons(association=trainer_association, lessons=0)[0]


def _past_session(course, days_ago):
    return session_now(
        association=course.association, course=course, starts_in=timedelta(days=-days_ago)
    )


def test_session_figures_leave_out_staff_and_count_walk_ins(trainer_association, trainer):
    session = session_now(association=trainer_association)
    present, absent, excused = registered(session, 3)
    colleague = staff(trainer_association)
    registered(session)  # nobody marked: expected, not attended
    _mark(session, present, trainer)
    _mark(session, absent, trainer, Status.ABSENT)
    _mark(session, excused, trainer, Status.EXCUSED)
    _mark(session, colleague, trainer)  # staff present: never a beneficiary
    walk_in_add(session=session, by=trainer, name_ar="زائر")
    figures = session_figures(session=session)
    assert (figures.registered, figures.walk_ins) == (4, 1)
    assert (figures.expected, figures.attended, figures.excused) == (4, 2, 1)
    assert figures.rate == 0.5


def test_sessions_before_registration_do_not_count_against_a_learner(course, trainer):
    early, late = _past_session(course, 20), _past_session(course, 5)
    learner = registered(late)[0]
    EnrollmentFactory(
        learner=learner, course=course, created_at=timezone.now() - timedelta(days=10)
    )
    _mark(late, learner, trainer)
    rate = learner_course_rate(learner=learner, course=course)
    assert (rate.attended, rate.counted, rate.rate) == (1, 1, 1.0)
    _mark(early, learner, trainer)  # came anyway before enrolling: counts
    assert learner_course_rate(learner=learner, course=course).counted == 2


def test_an_absence_and_an_excuse_in_the_learner_rate(course, trainer):
    sessions = [_past_session(course, days) for days in (3, 2, 1)]
    learner = registered(sessions[0])[0]
    EnrollmentFactory(learner=learner, course=course, created_at=timezone.now() - timedelta(9))
    _mark(sessions[0], learner, trainer)
    record = _mark(sessions[1], learner, trainer, Status.ABSENT)
    attendance_correct(record=record, status=Status.EXCUSED, reason="مرض", by=trainer)
    rate = learner_course_rate(learner=learner, course=course)
    assert (rate.attended, rate.counted) == (1, 2)  # the third was missed, the second excused


def test_staff_have_no_learner_rate(course, trainer):
    session = _past_session(course, 1)
    _mark(session, trainer, trainer)
    assert trainer.pk not in course_learner_rates(course=course)


def test_course_and_association_figures_add_up(course, trainer):
    first, second = _past_session(course, 3), _past_session(course, 1)
    for session in (first, second):
        present, _absent = registered(session, 2)
        _mark(session, present, trainer)
    session_now(association=course.association, course=course, starts_in=timedelta(days=3))
    assert (course_figures(course=course).attended, course_figures(course=course).expected) == (
        2,
        4,
    )
    association = association_figures(association=course.association)
    assert (association.sessions, association.rate) == (2, 0.5)


def test_figures_and_roster_take_a_fixed_number_of_queries(
    course, trainer, django_assert_max_num_queries
):
    sessions = [_past_session(course, days) for days in (4, 3, 2)]
    for session in sessions:
        for person in registered(session, 4):
            _mark(session, person, trainer)
        walk_in_add(session=session, by=trainer, name_latin="Walk-in")
    with django_assert_max_num_queries(6):
        course_figures(course=course)
    with django_assert_max_num_queries(8):
        course_learner_rates(course=course)
    with django_assert_max_num_queries(2):
        rows = session_roster_rows(session=sessions[0])
        assert len(rows) == 5 and all(row.record for row in rows)
