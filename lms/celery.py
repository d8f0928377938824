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


# The worker announces it is alive; /health/ reads the announcement (see lms/worker.py).
from lms.worker import HeartbeatStep  # noqa: E402

app.steps["worker"].add(HeartbeatStep)
