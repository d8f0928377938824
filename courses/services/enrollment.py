"""Enrollment in a course, lesson progress, and a coordinator's bulk enrollment."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from organisations import permissions
from organisations.models import Membership, Organisation

from .. import signals
from ..models import CoursePage, Enrollment, LessonProgress, PendingEnrollment
from ..selectors import canonical_page


def _default_member_association(learner) -> Organisation | None:
    """A self-enrolled member counts for their association (its coordinator follows them)."""
    return (
        Organisation.objects.filter(
            kind=Organisation.Kind.MEMBER,
            memberships__user=learner,
            memberships__role=Membership.Role.MEMBER,
        )
        .order_by("pk")
        .first()
    )


def course_capacity(course: CoursePage) -> int | None:
    """Seats in the course, when its authors set a limit."""
    return course.capacity or None


def _enroll(*, learner, course: CoursePage, by, member_association) -> Enrollment:
    """Create or reactivate the enrollment, under a lock on the course row so the course's
    optional capacity is never exceeded."""
    course = canonical_page(course)
    locked = (
        CoursePage.objects.select_for_update(of=("self",)).filter(pk=course.pk).first() or course
    )
    if not locked.live:
        raise ValidationError(_("This course is not open for enrollment."), code="not_live")
    existing = Enrollment.objects.filter(learner=learner, course=locked).first()
    if existing and existing.status != Enrollment.Status.WITHDRAWN:
        existing.just_created = False
        return existing
    capacity = course_capacity(locked)
    if (
        capacity
        and Enrollment.objects.filter(course=locked, status=Enrollment.Status.ACTIVE).count()
        >= capacity
    ):
        raise ValidationError(_("This course is full."), code="course_full")
    if existing:
        existing.status = Enrollment.Status.ACTIVE
        existing.withdrawn_at = None
        existing.enrolled_by = by
        existing.member_association = member_association or existing.member_association
        existing.save(update_fields=["status", "withdrawn_at", "enrolled_by", "member_association"])
        existing.just_created = True
        return existing
    enrollment = Enrollment.objects.create(
        learner=learner, course=locked, enrolled_by=by, member_association=member_association
    )
    enrollment.just_created = True
    return enrollment


@transaction.atomic
def enrollment_create(
    *, learner, course: CoursePage, by, member_association: Organisation | None = None
) -> Enrollment:
    """Enroll ``learner`` in ``course``: themselves, or a member by their association's
    coordinator (``member_association``). Enrolling twice returns the same enrollment
    (``just_created`` False: a double submission); a withdrawn enrollment becomes active again."""
    if by.pk == learner.pk and member_association is None:
        if not permissions.can_enroll_self(learner, course):
            raise PermissionDenied(_("You may not enroll in this course."))
        member_association = _default_member_association(learner)
    elif member_association is None or not (
        permissions.is_member_coordinator(by, member_association)
        and permissions.can_act_for_learner(by, learner, member_association)
    ):
        raise PermissionDenied(_("You may only enroll members of your own association."))
    return _enroll(learner=learner, course=course, by=by, member_association=member_association)


def _may_manage_enrollment(user, enrollment: Enrollment) -> bool:
    return user.pk == enrollment.learner_id or (
        enrollment.member_association is not None
        and permissions.can_act_for_learner(user, enrollment.learner, enrollment.member_association)
    )


@transaction.atomic
def enrollment_withdraw(*, enrollment: Enrollment, by) -> Enrollment:
    if not _may_manage_enrollment(by, enrollment):
        raise PermissionDenied(_("You may not withdraw this enrollment."))
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status == Enrollment.Status.COMPLETED:
        raise ValidationError(
            _("A completed course cannot be withdrawn from."), code="already_completed"
        )
    if enrollment.status == Enrollment.Status.ACTIVE:
        enrollment.status = Enrollment.Status.WITHDRAWN
        enrollment.withdrawn_at = timezone.now()
        enrollment.save(update_fields=["status", "withdrawn_at"])
    return enrollment


def enrollment_complete(*, enrollment: Enrollment) -> Enrollment:
    """The learner met the course's completion rule: the enrollment now counts as a completion
    in the funder's evidence. Idempotent; called by certificate issuance inside its
    transaction."""
    if enrollment.status != Enrollment.Status.COMPLETED:
        enrollment.status = Enrollment.Status.COMPLETED
        enrollment.completed_at = timezone.now()
        enrollment.save(update_fields=["status", "completed_at"])
    return enrollment


def lesson_belongs_to(*, page: Page, course: CoursePage) -> bool:
    """``page`` is a direct child of ``course`` (tree paths, no query)."""
    return page.depth == course.depth + 1 and page.path.startswith(course.path)


def in_course(*, page: Page, course: CoursePage) -> bool:
    """``page`` is a child of ``course`` or of one of its translations."""
    if lesson_belongs_to(page=page, course=course):
        return True
    parent = page.get_parent()
    return parent is not None and parent.translation_key == course.translation_key


@transaction.atomic
def lesson_complete(*, enrollment: Enrollment, lesson) -> LessonProgress:
    """Mark ``lesson`` done; marking it again changes nothing."""
    if enrollment.status == Enrollment.Status.WITHDRAWN:
        raise ValidationError(
            _("Enroll in the course again to record your progress."), code="withdrawn"
        )
    lesson = canonical_page(lesson)
    if not lesson_belongs_to(page=lesson, course=enrollment.course):
        raise ValidationError(_("This lesson is not part of this course."), code="wrong_course")
    progress, _created = LessonProgress.objects.get_or_create(enrollment=enrollment, lesson=lesson)
    signals.progress_changed.send(sender=Enrollment, enrollment=enrollment)
    return progress


def enrollment_claim_pending(*, user) -> list[Enrollment]:
    """Turn the enrollments a coordinator prepared for ``user``'s e-mail address into real ones,
    once ``user`` has joined that association (by accepting the invitation)."""
    if not user.is_authenticated:
        return []
    candidates = PendingEnrollment.objects.filter(
        email__iexact=user.email,
        claimed_at__isnull=True,
        # A subquery, not a join: no duplicate rows, so no DISTINCT, which PostgreSQL refuses
        # with FOR UPDATE.
        member_association_id__in=user.memberships.values("organisation_id"),
    )
    # Called on every visit to My learning: one read, and a transaction with row locks only
    # when there is something to claim.
    if not candidates.exists():
        return []
    return _claim_pending(user=user, candidates=candidates)


@transaction.atomic
def _claim_pending(*, user, candidates) -> list[Enrollment]:
    pending = list(
        candidates.select_for_update(of=("self",)).select_related(
            "course", "member_association", "created_by"
        )
    )
    enrollments = []
    for item in pending:
        if not item.course.live:
            continue  # kept until the course is published again
        try:
            with transaction.atomic():
                enrollments.append(
                    _enroll(
                        learner=user,
                        course=item.course,
                        by=item.created_by,
                        member_association=item.member_association,
                    )
                )
        except ValidationError:
            continue  # the course filled up meanwhile: keep it pending
        item.claimed_at = timezone.now()
        item.save(update_fields=["claimed_at"])
    return enrollments


@dataclass
class ImportOutcome:
    enrolled: int = 0
    invited: int = 0
    skipped: int = 0


@transaction.atomic
def enrollment_import(
    *, organisation: Organisation, course: CoursePage, rows: list, by
) -> ImportOutcome:
    """Import a coordinator's checked file in one transaction: members are enrolled, other
    addresses are invited to the association and their enrollment waits for them. Rows are
    checked again here (the file may be stale); rows with a problem are skipped, never half
    imported."""
    from organisations.services import invitation_create

    from ..importing import RowStatus, validate_rows

    if not permissions.is_member_coordinator(by, organisation):
        raise PermissionDenied(_("Only the coordinator of this association may import members."))
    if not course.live:
        raise ValidationError(_("This course is not open for enrollment."), code="not_live")
    outcome = ImportOutcome()
    for row in validate_rows(organisation=organisation, course=course, rows=rows):
        if row.status == RowStatus.ENROLL:
            _enroll(learner=row.user, course=course, by=by, member_association=organisation)
            outcome.enrolled += 1
        elif row.status == RowStatus.INVITE:
            invitation_create(
                organisation=organisation, email=row.email, role=Membership.Role.MEMBER, by=by
            )
            PendingEnrollment.objects.get_or_create(
                email=row.email,
                course=course,
                claimed_at=None,
                defaults={
                    "member_association": organisation,
                    "full_name": row.name,
                    "created_by": by,
                },
            )
            outcome.invited += 1
        else:
            outcome.skipped += 1
    return outcome
