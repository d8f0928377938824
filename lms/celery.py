"""The Celery application.

Configuration comes from Django settings under the ``CELERY_`` namespace, so the broker is
Redis in production and Kombu's filesystem transport in the embedded default: either way a
task leaves the web process through a real broker and runs in a real worker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _create_filesystem_queue_folders(sender, **kwargs):
    """Kombu's filesystem transport needs its folders; any process that queues a task (web,
    worker, seed_demo) creates them, so no step has to remember to."""
    from pathlib import Path

    options = sender.conf.broker_transport_options or {}
    if str(sender.conf.broker_url or "").startswith("filesystem://"):
        for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
            if options.get(key):
                Path(options[key]).mkdir(parents=True, exist_ok=True)


# The worker announces it is alive; /health/ reads the announcement (see lms/worker.py).
from lms.worker import HeartbeatStep  # noqa: E402

app.steps["worker"].add(HeartbeatStep)
