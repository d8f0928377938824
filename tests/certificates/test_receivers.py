"""Certificates listens to the news courses sends (certificates/receivers.py), connected in
CertificatesConfig.ready()."""

from unittest import mock

from courses import signals
from courses.models import AttendanceRecord, Enrollment


def test_attendance_recorded_reaches_the_issuance_after_attendance():
    record = object()
    with mock.patch("certificates.services.certificate_issue_after_attendance") as issue:
        signals.attendance_recorded.send(sender=AttendanceRecord, record=record)
        issue.assert_called_once_with(record=record)
        signals.attendance_recorded.send(sender=Enrollment, record=record)
        issue.assert_called_once()  # only records written by courses' attendance count


def test_progress_changed_reaches_the_issuance_check():
    enrollment = object()
    with mock.patch("certificates.services.certificate_issue_if_eligible") as issue:
        signals.progress_changed.send(sender=Enrollment, enrollment=enrollment)
        issue.assert_called_once_with(enrollment=enrollment)
        signals.progress_changed.send(sender=AttendanceRecord, enrollment=enrollment)
        issue.assert_called_once()
