"""A learner who checks themselves in (QR code or typed code) and so meets an attendance rule
is issued the certificate, as when a trainer marks them present."""

from decimal import Decimal

import pytest

from certificates.models import Certificate, CompletionRule
from courses.attendance import checkin
from courses.attendance.services import attendance_check_in

from ..factories.attendance import registered, session_now
from ..factories.learning import EnrollmentFactory, course_with_lessons

pytestmark = pytest.mark.django_db


def test_checking_in_completes_an_attendance_rule(
    trainer_association, django_capture_on_commit_callbacks
):
    course, _lessons = course_with_lessons(association=trainer_association, lessons=0)
    CompletionRule.objects.create(course=course, min_attendance_share=Decimal("1.00"))
    session = session_now(association=trainer_association, course=course)
    learner = registered(session)[0]
    EnrollmentFactory(course=course, learner=learner)
    token = checkin.token_make(session_id=session.pk)
    with django_capture_on_commit_callbacks(execute=True):
        attendance_check_in(learner=learner, token=token)
    assert Certificate.objects.filter(learner=learner, course=course).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        attendance_check_in(learner=learner, token=token)  # again: nothing new
    assert Certificate.objects.filter(learner=learner, course=course).count() == 1
