"""Enrolling in a course: self, by a coordinator, withdrawal, capacity."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from courses.models import Enrollment
from courses.services import enrollment_create, enrollment_withdraw
from organisations.models import Membership

from ..factories.learning import course_with_lessons
from ..factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(trainer_association):
    return course_with_lessons(association=trainer_association, lessons=2)[0]


def test_a_learner_enrolls_themselves_and_counts_for_their_association(
    course, learner, member_association
):
    enrollment = enrollment_create(learner=learner, course=course, by=learner)
    assert enrollment.status == Enrollment.Status.ACTIVE
    assert enrollment.enrolled_by == learner
    assert enrollment.member_association == member_association


def test_a_citizen_enrolls_without_an_association(course, citizen):
    enrollment = enrollment_create(learner=citizen, course=course, by=citizen)
    assert enrollment.member_association is None


def test_enrolling_twice_returns_the_same_enrollment(course, citizen):
    first = enrollment_create(learner=citizen, course=course, by=citizen)
    assert enrollment_create(learner=citizen, course=course, by=citizen) == first
    assert Enrollment.objects.count() == 1


def test_a_draft_course_cannot_be_enrolled_in(course, citizen):
    course.unpublish()
    course.refresh_from_db()
    with pytest.raises((PermissionDenied, ValidationError)):
        enrollment_create(learner=citizen, course=course, by=citizen)


def test_a_coordinator_enrolls_their_own_member(course, coordinator, learner, member_association):
    enrollment = enrollment_create(
        learner=learner, course=course, by=coordinator, member_association=member_association
    )
    assert enrollment.enrolled_by == coordinator
    assert enrollment.member_association == member_association


def test_a_coordinator_cannot_enroll_someone_outside_their_association(
    course, coordinator, citizen, member_association
):
    with pytest.raises(PermissionDenied):
        enrollment_create(
            learner=citizen, course=course, by=coordinator, member_association=member_association
        )


def test_a_coordinator_of_another_association_cannot_enroll_a_member(course, learner):
    other = OrganisationFactory(member=True)
    stranger = MembershipFactory(organisation=other, role=Membership.Role.ADMIN).user
    with pytest.raises(PermissionDenied):
        enrollment_create(learner=learner, course=course, by=stranger, member_association=other)


def test_a_learner_cannot_enroll_someone_else(course, learner, citizen):
    with pytest.raises(PermissionDenied):
        enrollment_create(learner=citizen, course=course, by=learner)


def test_withdrawal_and_enrolling_again(course, citizen):
    enrollment = enrollment_create(learner=citizen, course=course, by=citizen)
    enrollment_withdraw(enrollment=enrollment, by=citizen)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.WITHDRAWN
    assert enrollment.withdrawn_at is not None
    again = enrollment_create(learner=citizen, course=course, by=citizen)
    assert again.pk == enrollment.pk
    assert again.status == Enrollment.Status.ACTIVE


def test_only_the_learner_or_their_coordinator_may_withdraw(
    course, learner, coordinator, citizen, member_association
):
    enrollment = enrollment_create(learner=learner, course=course, by=learner)
    with pytest.raises(PermissionDenied):
        enrollment_withdraw(enrollment=enrollment, by=citizen)
    enrollment_withdraw(enrollment=enrollment, by=coordinator)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.WITHDRAWN


def test_an_optional_course_capacity_is_respected(course, citizen, learner):
    course.capacity = 1
    course.save_revision().publish()
    enrollment_create(learner=citizen, course=course, by=citizen)
    with pytest.raises(ValidationError) as caught:
        enrollment_create(learner=learner, course=course, by=learner)
    assert caught.value.code == "course_full"
    assert not Enrollment.objects.filter(learner=learner).exists()


def test_a_withdrawal_frees_a_seat(course, citizen, learner):
    course.capacity = 1
    course.save_revision().publish()
    first = enrollment_create(learner=citizen, course=course, by=citizen)
    enrollment_withdraw(enrollment=first, by=citizen)
    assert enrollment_create(learner=learner, course=course, by=learner).status == "active"
