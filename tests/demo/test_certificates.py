"""The demo step issues certificates through the real service and revokes one, once."""

import random

import pytest

from certificates.models import Certificate
from courses.models import QuizPage
from courses.services import enrollment_create, quiz_attempt_submit
from demo import certificates as demo

from ..factories.accounts import UserFactory
from ..factories.learning import QuizPageFactory, course_with_lessons, right_answers

pytestmark = pytest.mark.django_db


def test_the_demo_step_issues_and_revokes_once(trainer_association):
    learner = UserFactory(email="learner@tamkeen.test")
    citizen = UserFactory(email="citizen@tamkeen.test")
    UserFactory(email="admin@tamkeen.test", is_superuser=True)
    course, _lessons = course_with_lessons(association=trainer_association, lessons=1)
    post = QuizPageFactory(parent=course, kind=QuizPage.Kind.POST_TEST)
    enrollment = enrollment_create(learner=learner, course=course, by=learner)
    quiz_attempt_submit(enrollment=enrollment, quiz=post, answers=right_answers(post))
    other, _ = course_with_lessons(association=trainer_association, lessons=2)
    enrollment_create(learner=citizen, course=other, by=citizen)
    context = {"users": {}}
    for _ in range(2):
        demo.seed(rng=random.Random(1), context=context, log=lambda line: None)
        assert Certificate.objects.count() == 2
        assert Certificate.objects.get(learner=learner).status == "valid"
        revoked = Certificate.objects.get(learner=citizen)
        assert revoked.status == "revoked" and revoked.revoked_reason
