"""Background work for learning: thin tasks that call the services."""

from celery import shared_task


@shared_task(name="courses.tasks.send_session_reminders")
def send_session_reminders() -> int:
    """E-mail learners whose session starts within 24 hours (run every 15 minutes by beat)."""
    from .services import session_reminders_send

    return session_reminders_send()
