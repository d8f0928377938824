"""Background work for grants: thin tasks that call the services (queue ``exports``)."""

from celery import shared_task


@shared_task(name="grants.tasks.build_evidence_pack", acks_late=True)
def build_evidence_pack(pack_id: int) -> str | None:
    """Build an evidence pack's ZIP; a second delivery of the same message finds it ready."""
    from .services.packs import evidence_pack_build

    pack = evidence_pack_build(pack_id=pack_id)
    return pack.status if pack else None


@shared_task(name="grants.tasks.send_report_reminders")
def send_report_reminders() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): reminders of the reports due soon, today or late. Each
    has its key, so a second run the same day sends nothing."""
    from .services.deadlines import report_reminders_send

    return report_reminders_send()
