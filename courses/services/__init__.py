"""Operations that change learning records: one module per concern, re-exported here so callers
write ``from courses import services`` and ``services.enrollment_create(...)``."""

from .enrollment import (
    enrollment_claim_pending,
    enrollment_create,
    enrollment_import,
    enrollment_withdraw,
    lesson_complete,
)
from .quizzes import quiz_attempt_submit, quiz_score
from .registration import (
    registration_cancel,
    registration_create,
    session_cancel,
    session_create,
    session_reminders_send,
)
from .scheduling import session_update

__all__ = [
    "enrollment_claim_pending",
    "enrollment_create",
    "enrollment_import",
    "enrollment_withdraw",
    "lesson_complete",
    "quiz_attempt_submit",
    "quiz_score",
    "registration_cancel",
    "registration_create",
    "session_cancel",
    "session_create",
    "session_reminders_send",
    "session_update",
]
