"""Lesson progress and "resume where you left off"."""

import pytest
from django.core.exceptions import ValidationError

from courses.models import LessonProgress
from courses.selectors import enrollment_progress, learner_progress
from courses.services import enrollment_create, enrollment_withdraw, lesson_complete

from ..factories.learning import course_with_lessons

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_and_lessons(trainer_association):
    return course_with_lessons(association=trainer_association, lessons=3)


@pytest.fixture
def enrollment(course_and_lessons, citizen):
    return enrollment_create(learner=citizen, course=course_and_lessons[0], by=citizen)


def test_completing_a_lesson_is_idempotent(enrollment, course_and_lessons):
    lesson = course_and_lessons[1][0]
    first = lesson_complete(enrollment=enrollment, lesson=lesson)
    again = lesson_complete(enrollment=enrollment, lesson=lesson)
    assert first.pk == again.pk
    assert LessonProgress.objects.count() == 1


def test_resume_is_the_first_lesson_not_done(enrollment, course_and_lessons):
    _course, lessons = course_and_lessons
    assert enrollment_progress(enrollment=enrollment).resume == lessons[0]
    lesson_complete(enrollment=enrollment, lesson=lessons[0])
    lesson_complete(enrollment=enrollment, lesson=lessons[2])
    progress = enrollment_progress(enrollment=enrollment)
    assert progress.resume == lessons[1]
    assert (progress.lessons_done, progress.lessons_total, progress.percent) == (2, 3, 67)
    lesson_complete(enrollment=enrollment, lesson=lessons[1])
    progress = enrollment_progress(enrollment=enrollment)
    assert progress.resume is None
    assert progress.percent == 100


def test_an_unpublished_lesson_does_not_count(enrollment, course_and_lessons):
    _course, lessons = course_and_lessons
    lessons[2].unpublish()
    assert enrollment_progress(enrollment=enrollment).lessons_total == 2


def test_a_lesson_of_another_course_is_refused(enrollment, trainer_association):
    _other, other_lessons = course_with_lessons(association=trainer_association, lessons=1)
    with pytest.raises(ValidationError):
        lesson_complete(enrollment=enrollment, lesson=other_lessons[0])


def test_a_withdrawn_learner_records_no_progress(enrollment, course_and_lessons, citizen):
    enrollment_withdraw(enrollment=enrollment, by=citizen)
    enrollment.refresh_from_db()
    with pytest.raises(ValidationError):
        lesson_complete(enrollment=enrollment, lesson=course_and_lessons[1][0])


def test_progress_of_several_courses_takes_a_fixed_number_of_queries(
    citizen, trainer_association, django_assert_max_num_queries
):
    enrollments = []
    for _ in range(4):
        course, lessons = course_with_lessons(association=trainer_association, lessons=2)
        enrollment = enrollment_create(learner=citizen, course=course, by=citizen)
        lesson_complete(enrollment=enrollment, lesson=lessons[0])
        enrollments.append(enrollment)
    for enrollment in enrollments:
        enrollment.course  # noqa: B018 - loaded as my_enrollments does with select_related
    with django_assert_max_num_queries(2):
        progress = learner_progress(enrollments=enrollments)
    assert [p.lessons_done for p in progress] == [1, 1, 1, 1]


def test_the_french_version_of_a_course_is_the_same_course(citizen, course_and_lessons):
    from wagtail.models import Locale

    from courses.selectors import enrollment_for

    course, lessons = course_and_lessons
    french = Locale.objects.get_or_create(language_code="fr")[0]
    french_course = course.copy_for_translation(french, copy_parents=True)
    french_course.save_revision().publish()
    french_lesson = lessons[0].copy_for_translation(french)
    french_lesson.save_revision().publish()
    french_course.refresh_from_db()
    french_lesson.refresh_from_db()

    enrollment = enrollment_create(learner=citizen, course=french_course, by=citizen)
    assert enrollment.course.pk == course.pk
    assert enrollment_for(user=citizen, course=french_course) == enrollment
    progress = lesson_complete(enrollment=enrollment, lesson=french_lesson)
    assert progress.lesson_id == lessons[0].pk
