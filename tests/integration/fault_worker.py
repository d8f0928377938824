"""The Celery app of the worker-kill tests (``celery -A tests.integration.fault_worker``): the
real app, with functions wrapped to stop at a known point until the test decides.

``TAMKEEN_FAULT_POINTS`` lists ``module:attribute:before|after`` (comma-separated), or
``postrun`` for "the task body has returned, the message is not acknowledged yet". At a point
the pool process writes its pid to ``$TAMKEEN_FAULT_DIR/reached-<n>`` and waits while
``$TAMKEEN_FAULT_DIR/hold`` exists. Production code carries no hook: only workers started with
this module are affected.
"""

import importlib
import os
import time
from pathlib import Path

from celery.signals import task_postrun, worker_process_init

from lms.celery import app

__all__ = ["app"]

if os.environ.get("TAMKEEN_FAULT_FAST_RESTORE"):
    # Look for unacknowledged messages past the visibility timeout every second, not every 100 s.
    app.conf.broker_transport_options = {
        **(app.conf.broker_transport_options or {}),
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }


def _stop(index: int) -> None:
    """Stop at point ``index`` the first time it is reached (a pool process that replaces a
    killed one goes through)."""
    folder = Path(os.environ["TAMKEEN_FAULT_DIR"])
    reached = folder / f"reached-{index}"
    if reached.exists():
        return
    reached.write_text(str(os.getpid()))
    while (folder / "hold").exists():
        time.sleep(0.05)


def _wrap(original, index: int, when: str):
    def wrapper(*args, **kwargs):
        if when == "before":
            _stop(index)
        result = original(*args, **kwargs)
        if when == "after":
            _stop(index)
        return result

    return wrapper


@worker_process_init.connect
def _install(**kwargs):
    points = [p for p in os.environ.get("TAMKEEN_FAULT_POINTS", "").split(",") if p]
    for index, point in enumerate(points):
        if point == "postrun":
            task_postrun.connect(lambda index=index, **kw: _stop(index), weak=False)
            continue
        module_name, attribute, when = point.split(":")
        module = importlib.import_module(module_name)
        setattr(module, attribute, _wrap(getattr(module, attribute), index, when))
