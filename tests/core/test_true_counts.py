"""Counts that say what the page shows (#21): a progress label never says "completed" beside
2 of 4 lessons, and the readiness count matches the ✓ and ✗ listed under it."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from courses.models import Enrollment
from courses.services import lesson_complete
from grants.selectors import Condition

from ..factories.learning import EnrollmentFactory, course_with_lessons


@pytest.mark.django_db
def test_my_learning_says_certificate_earned_not_completed_beside_two_of_four(
    client, citizen, trainer_association
):
    course, lessons = course_with_lessons(association=trainer_association, lessons=4)
    enrollment = EnrollmentFactory(course=course, learner=citizen)
    for lesson in lessons[:2]:
        lesson_complete(enrollment=enrollment, lesson=lesson)
    # The rule asked for attendance only: the enrollment is "completed", two lessons remain.
    Enrollment.objects.filter(pk=enrollment.pk).update(status=Enrollment.Status.COMPLETED)
    client.force_login(citizen)
    with translation.override("fr"):
        html = client.get(reverse("courses:my_learning")).content.decode()
        completed, earned = gettext("Completed"), gettext("Certificate earned")
    assert f"· {earned}" in html
    assert f"· {completed}" not in html


@pytest.mark.django_db
def test_my_learning_says_completed_once_every_lesson_is_done(client, citizen, trainer_association):
    course, lessons = course_with_lessons(association=trainer_association, lessons=2)
    enrollment = EnrollmentFactory(course=course, learner=citizen)
    for lesson in lessons:
        lesson_complete(enrollment=enrollment, lesson=lesson)
    Enrollment.objects.filter(pk=enrollment.pk).update(status=Enrollment.Status.COMPLETED)
    client.force_login(citizen)
    with translation.override("fr"):
        html = client.get(reverse("courses:my_learning")).content.decode()
        completed = gettext("Completed")
    assert f"· {completed}" in html


def test_the_readiness_list_marks_only_the_counted_conditions():
    conditions = [
        Condition("a", "Report written", True),
        Condition("target_people", "People trained", False, blocking=False, detail="3 / 10"),
        Condition("b", "Receipts attached", True),
        Condition("target_sessions", "Sessions held", False, blocking=False),
    ]
    html = render_to_string("grants/includes/conditions.html", {"conditions": conditions})
    counted, _sep, informative = html.partition("grants-conditions--info")
    # Two blocking conditions met: the counted list shows two ✓ and no ✗ ("2 of 2 met").
    assert counted.count("✓") == 2
    assert "✗" not in html
    assert "People trained" in informative and "Sessions held" in informative
    assert re.search(r"Report written.*Receipts attached", counted, re.S)
