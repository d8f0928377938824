"""Learning pages by role: learners (enroll, progress, quizzes, sessions), coordinators (their
members, bulk enrollment) and trainer association staff (their sessions and rosters).

Each view parses input with a form, calls one service or selector and renders. Other people's
records answer 404; a page for a role the person does not hold answers 403.
"""

from .coordinator import (  # noqa: F401
    coordinator_dashboard,
    coordinator_register,
    import_confirm,
    import_upload,
)
from .fieldwork import my_attendance, my_sessions, session_edit  # noqa: F401
from .learner import (  # noqa: F401
    course_enroll,
    enrollment_withdraw,
    lesson_done,
    my_calendar_feed,
    my_calendar_feed_renew,
    my_learning,
    quiz_attempt,
    quiz_submit,
)
from .sessions import (  # noqa: F401
    association_sessions,
    registration_cancel,
    session_calendar,
    session_cancel,
    session_detail,
    session_list,
    session_new,
    session_register,
    session_roster,
)
