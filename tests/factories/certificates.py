"""Certificates: completion rules, certificates made directly (no PDF), or issued through the
real service (PDF and signed credential)."""

import factory

from certificates.models import Certificate, CompletionRule
from certificates.services import certificate_issue
from courses.models import Enrollment, LessonProgress
from organisations.models import Organisation

from .accounts import UserFactory
from .learning import EnrollmentFactory, course_with_lessons
from .organisations import OrganisationFactory


class CompletionRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompletionRule

    require_all_lessons = True


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate row as issued, without its PDF (fast, for lists and permissions)."""

    class Meta:
        model = Certificate

    learner = factory.SubFactory(UserFactory)
    course = factory.LazyFunction(lambda: course_with_lessons(lessons=0)[0])
    association = factory.LazyAttribute(lambda o: o.course.association)
    holder_name_ar = factory.LazyAttribute(lambda o: o.learner.full_name_ar)
    holder_name_latin = factory.LazyAttribute(lambda o: o.learner.full_name_latin)
    course_title = factory.LazyAttribute(lambda o: o.course.title)
    association_name_ar = factory.LazyAttribute(lambda o: o.association.name_ar)
    association_name_fr = factory.LazyAttribute(lambda o: o.association.name_fr)
    hours = factory.LazyAttribute(lambda o: o.course.duration_hours)
    identity_salt = "0123456789abcdef"


def eligible_enrollment(*, association=None, learner=None, lessons: int = 1) -> Enrollment:
    """An enrollment that meets its course's rule (every lesson done)."""
    association = association or OrganisationFactory(kind=Organisation.Kind.TRAINER)
    course, course_lessons = course_with_lessons(association=association, lessons=lessons)
    CompletionRuleFactory(course=course, require_all_lessons=True)
    enrollment = EnrollmentFactory(course=course, **({"learner": learner} if learner else {}))
    for lesson in course_lessons:
        LessonProgress.objects.create(enrollment=enrollment, lesson=lesson)
    return enrollment


def issued_certificate(**kwargs) -> Certificate:
    """A certificate issued by the real service: PDF, SHA-256 and signed credential."""
    return certificate_issue(enrollment_id=eligible_enrollment(**kwargs).pk)
