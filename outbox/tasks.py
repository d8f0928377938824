"""The outbox drain: run by beat every 30 seconds and by each worker when it starts."""

from celery import shared_task
from celery.signals import worker_ready


@shared_task(name="outbox.tasks.drain", ignore_result=True)
def drain() -> int:
    from .services import drain as outbox_drain

    return outbox_drain()


@worker_ready.connect
def _drain_when_a_worker_starts(sender=None, **kwargs):
    """Jobs kept while no worker or broker was there leave as soon as one is back."""
    try:
        drain.delay()
    except Exception:  # noqa: BLE001 - the broker went away again; beat will try
        import logging

        logging.getLogger(__name__).warning("Could not queue the outbox drain", exc_info=True)
