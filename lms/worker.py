"""The worker's heartbeat: a timer in every Celery worker writes the time to the shared cache.

The Kombu filesystem transport has no broadcast, so ``celery inspect ping`` cannot see a worker
in the embedded default; a heartbeat in the cache works the same with every broker.
"""

import time

from celery import bootsteps

HEARTBEAT_CACHE_KEY = "tamkeen:worker-heartbeat"


def record_heartbeat(hostname: str) -> None:
    from django.core.cache import cache

    cache.set(HEARTBEAT_CACHE_KEY, {"at": time.time(), "hostname": hostname}, timeout=None)


class HeartbeatStep(bootsteps.StartStopStep):
    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.tref = None

    def start(self, worker):
        from django.conf import settings

        record_heartbeat(worker.hostname)
        self.tref = worker.timer.call_repeatedly(
            settings.WORKER_HEARTBEAT_SECONDS, record_heartbeat, (worker.hostname,), priority=10
        )

    def stop(self, worker):
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None
