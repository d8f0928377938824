"""Attendance operations, one module per concern, re-exported here so callers write
``from courses.attendance.services import attendance_mark``: ``marks`` (roll call, self check-in,
corrections, walk-ins), ``offline`` (marks queued on a phone) and ``closing`` (sheet scans,
closing a session, the chain check)."""

from .closing import ChainBreak, attendance_chain_verify, session_close, sheet_scan_upload
from .marks import (
    CheckIn,
    attendance_check_in,
    attendance_correct,
    attendance_mark,
    attendance_mark_all_present,
    checkin_session_for_code,
    participant_claim,
    walk_in_add,
)
from .offline import attendance_sync

__all__ = [
    "ChainBreak",
    "CheckIn",
    "attendance_chain_verify",
    "attendance_check_in",
    "attendance_correct",
    "attendance_mark",
    "attendance_mark_all_present",
    "attendance_sync",
    "checkin_session_for_code",
    "participant_claim",
    "session_close",
    "sheet_scan_upload",
    "walk_in_add",
]
