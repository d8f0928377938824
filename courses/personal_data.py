"""What courses hold about a person, for "My data" and erasure (accounts/personal_data.py).

Enrollments, progress, quiz attempts, registrations and attendance records are the funder's
evidence: they are kept as they are (they hold ids, and the attendance hash chain covers ids
only, so it still verifies). A walk-in's name, phone and e-mail are replaced by a pseudonym.
"""

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import (
    Erasure,
    erased_email,
    pseudonym_token,
    register,
    register_links,
    rows,
)
from accounts.retention import older_than, register_rule

from .models import (
    AttendanceRecord,
    CalendarFeed,
    Enrollment,
    LessonProgress,
    Participant,
    PendingEnrollment,
    QuizAttempt,
    SessionRegistration,
)

EVIDENCE = _("Kept: the funder's evidence; it points at the pseudonymised account.")

register(
    "courses.Enrollment",
    section="enrollments",
    fields=["learner"],
    export=lambda user: rows(
        Enrollment.objects.filter(learner=user).order_by("created_at"),
        "pk",
        "status",
        "created_at",
        "completed_at",
        "withdrawn_at",
        course="course__title",
        member_association="member_association__name_fr",
    ),
    erasure=Erasure.KEEP,
    why=EVIDENCE,
)
register(
    "courses.LessonProgress",
    section="lesson_progress",
    export=lambda user: rows(
        LessonProgress.objects.filter(enrollment__learner=user).order_by("completed_at"),
        "completed_at",
        course="enrollment__course__title",
        lesson="lesson__title",
    ),
    erasure=Erasure.KEEP,
    why=EVIDENCE,
)
register(
    "courses.QuizAttempt",
    section="quiz_attempts",
    export=lambda user: rows(
        QuizAttempt.objects.filter(enrollment__learner=user).order_by("submitted_at"),
        "score",
        "passed",
        "started_at",
        "submitted_at",
        "answers",
        "results",
        quiz="quiz__title",
    ),
    erasure=Erasure.KEEP,
    why=EVIDENCE,
)
register(
    "courses.SessionRegistration",
    section="session_registrations",
    fields=["learner"],
    export=lambda user: rows(
        SessionRegistration.objects.filter(learner=user).order_by("created_at"),
        "status",
        "position",
        "created_at",
        "cancelled_at",
        "promoted_at",
        session_title_ar="session__title_ar",
        session_title_fr="session__title_fr",
        session_starts_at="session__starts_at",
    ),
    erasure=Erasure.KEEP,
    why=EVIDENCE,
)
register(
    "courses.AttendanceRecord",
    section="attendance",
    fields=["learner"],
    export=lambda user: rows(
        AttendanceRecord.objects.filter(learner=user).order_by("pk"),
        "status",
        "method",
        "recorded_at",
        "reason",
        "content_hash",
        session_title_ar="session__title_ar",
        session_title_fr="session__title_fr",
        session_starts_at="session__starts_at",
    ),
    erasure=Erasure.KEEP,
    why=_("Kept: the funder's evidence; the hash chain covers ids, not names, so it holds."),
)


def _walk_ins_export(user):
    return rows(
        Participant.objects.filter(claimed_by=user).order_by("pk"),
        "name_ar",
        "name_latin",
        "phone",
        "email",
        "gender",
        "birth_year",
        "created_at",
        member_association="member_association__name_fr",
    )


def participant_pseudonymise(queryset) -> int:
    """Replace a walk-in's name and contact details; gender, birth year and association stay
    (the anonymous breakdowns). Also used by the retention purge."""
    count = 0
    for participant in queryset.exclude(name_latin__startswith="Participant p"):
        Participant.objects.filter(pk=participant.pk).update(
            name_ar="",
            name_latin=f"Participant p{pseudonym_token('participant', participant.pk)}",
            phone="",
            email="",
        )
        count += 1
    return count


register(
    "courses.Participant",
    section="walk_in_records",
    fields=["claimed_by"],
    export=_walk_ins_export,
    erasure=Erasure.PSEUDONYMISE,
    erase=lambda user, pseudonym: participant_pseudonymise(
        Participant.objects.filter(claimed_by=user)
    ),
    why=_("Walk-in records: name, phone and e-mail replaced; the attendance stays counted."),
)


def _pending_export(user):
    return rows(
        PendingEnrollment.objects.filter(email__iexact=user.email).order_by("pk"),
        "email",
        "full_name",
        "created_at",
        "claimed_at",
        course="course__title",
        member_association="member_association__name_fr",
    )


def _pending_erase(user, pseudonym):
    mine = PendingEnrollment.objects.filter(email__iexact=user.email)
    deleted = mine.filter(claimed_at__isnull=True).delete()[0]
    return deleted + mine.update(email=erased_email(user), full_name="")


register(
    "courses.PendingEnrollment",
    section="pending_enrollments",
    export=_pending_export,
    erasure=Erasure.DELETE,
    erase=_pending_erase,
    why=_("Enrollments waiting for you: deleted; claimed ones lose the address and name."),
)

register(
    "courses.CalendarFeed",
    section="calendar_feed",
    fields=["user"],
    export=lambda user: rows(CalendarFeed.objects.filter(user=user), "created_at"),
    erasure=Erasure.DELETE,
    erase=lambda user, pseudonym: CalendarFeed.objects.filter(user=user).delete()[0],
    why=_("The private link to your calendar: deleted."),
)

register_links("courses.Enrollment", "enrolled_by", section="enrollments_made", at="created_at")
register_links(
    "courses.SessionRegistration", "registered_by", section="registrations_made", at="created_at"
)
register_links(
    "courses.AttendanceRecord", "recorded_by", section="attendance_recorded", at="recorded_at"
)
register_links("courses.Participant", "created_by", section="walk_ins_added", at="created_at")
register_links(
    "courses.AttendanceReceipt", "submitted_by", section="offline_marks_sent", at="received_at"
)
register_links(
    "courses.AttendanceSheetScan", "uploaded_by", section="sheets_uploaded", at="uploaded_at"
)
register_links("courses.SessionReport", "closed_by", section="sessions_closed", at="closed_at")
register_links("courses.TrainingSession", "trainers", section="sessions_trained", at="starts_at")
register_links(
    "courses.PendingEnrollment", "created_by", section="pending_enrollments_made", at="created_at"
)


# --- Retention (accounts/retention.py) ---------------------------------------------------------


def purge_walk_ins() -> int:
    """A walk-in's name and contact details, RETENTION_WALKIN_DAYS after they were recorded,
    unless an account claimed them (the account's own retention then applies)."""
    return participant_pseudonymise(
        Participant.objects.filter(
            claimed_by__isnull=True, created_at__lt=older_than("RETENTION_WALKIN_DAYS")
        )
    )


def purge_pending_enrollments() -> int:
    """An enrollment waiting for its person, after RETENTION_PENDING_ENROLLMENT_DAYS."""
    return PendingEnrollment.objects.filter(
        claimed_at__isnull=True,
        created_at__lt=older_than("RETENTION_PENDING_ENROLLMENT_DAYS"),
    ).delete()[0]


register_rule("walk_ins_pseudonymised", purge_walk_ins, order=30)
register_rule("pending_enrollments_deleted", purge_pending_enrollments, order=50)
