"""Attendance, the sub-domain of training sessions: roll call and self check-in (``checkin``), the
hash-chained records and closing (``services``), the roster and rates (``selectors``), anomaly
flags (``flags``), the printable sheet and exports (``sheet``), and their pages (``views``,
``forms``, ``urls``). The models stay in ``courses.models.attendance``."""
