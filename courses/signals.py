"""News from courses for the apps above it, which connect their receivers in
``AppConfig.ready()`` (certificates issues a certificate when a course's rule is met).

Both signals are sent by the service that made the change, inside its transaction, after the
rows are written: a receiver sees them, and what it writes commits or rolls back with them (a
receiver that schedules work does it with ``transaction.on_commit`` or the outbox). Receivers
take keyword arguments and ``**kwargs``.

``attendance_recorded``
    sender: ``AttendanceRecord``. Arguments: ``record``, the ``AttendanceRecord`` just written
    (its ``session`` loaded; ``learner_id`` empty for a walk-in). Sent by ``attendance_mark``
    (roll call or sheet), by ``attendance_check_in`` when the check-in created a record, and by
    ``attendance_correct`` with the correcting record. Not sent for walk-ins, who have no
    account and so no course.

``progress_changed``
    sender: ``Enrollment``. Arguments: ``enrollment``, the ``Enrollment`` whose progress
    changed. Sent by ``lesson_complete`` (also when the lesson was already done) and by
    ``quiz_attempt_submit`` once the attempt is saved, passed or not.
"""

from django.dispatch import Signal

attendance_recorded = Signal()
progress_changed = Signal()
