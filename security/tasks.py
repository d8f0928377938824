from celery import shared_task

from .services import security_events_purge


@shared_task
def purge_old_events() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): the security log keeps SECURITY_LOG_RETENTION_DAYS."""
    return security_events_purge()
