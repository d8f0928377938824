from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from cms.search_shortcuts import register_shortcut
        from courses import signals as courses_signals
        from courses.models import AttendanceRecord, Enrollment
        from courses.outcomes import register_outcome

        from . import outcomes, receivers, search

        register_shortcut("certificates.verify", search.verification_shortcuts)
        register_outcome("certificates.certificate", outcomes.course_certificate_outcome)

        courses_signals.attendance_recorded.connect(
            receivers.issue_after_attendance,
            sender=AttendanceRecord,
            dispatch_uid="certificates.issue_after_attendance",
        )
        courses_signals.progress_changed.connect(
            receivers.issue_after_progress,
            sender=Enrollment,
            dispatch_uid="certificates.issue_after_progress",
        )
