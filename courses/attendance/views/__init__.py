"""Attendance pages: ``records`` for recording a session (roll call, walk-ins, corrections, the
sheet and its scans, closing, evidence, exports) and ``self_check_in`` for the QR screen and the
learner's check-in. Each view parses input with a form, calls one service or selector and
renders."""

from .offline import manifest, offline_check_in, service_worker, sync  # noqa: F401
from .records import (  # noqa: F401
    close,
    correct,
    course_export,
    course_summary,
    evidence,
    mark,
    mark_all,
    roll_call,
    scan_file,
    scans,
    session_export,
    sheet_pdf,
    walk_in,
)
from .self_check_in import check_in, check_in_token, qr_current, qr_screen  # noqa: F401
