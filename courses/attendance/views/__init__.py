"""Attendance pages: ``records`` for recording a session (roll call, walk-ins, corrections, the
sheet and its scans, closing, evidence, exports) and ``self_check_in`` for the QR screen and the
learner's check-in. Each view parses input with a form, calls one service or selector and
renders."""

from .records import (  # noqa: F401
    close,
    correct,
    course_export,
    evidence,
    mark,
    roll_call,
    scan_file,
    scans,
    session_export,
    sheet_pdf,
    walk_in,
)
from .self_check_in import check_in, check_in_token, qr_screen  # noqa: F401
