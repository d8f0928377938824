"""What certificates does with the news courses sends (``courses.signals``): a record or
progress that may meet a course's completion rule schedules issuance. Connected in
``CertificatesConfig.ready()``; each receiver runs inside the sender's transaction."""

from . import services


def issue_after_attendance(sender, *, record, **kwargs) -> None:
    services.certificate_issue_after_attendance(record=record)


def issue_after_progress(sender, *, enrollment, **kwargs) -> None:
    services.certificate_issue_if_eligible(enrollment=enrollment)
