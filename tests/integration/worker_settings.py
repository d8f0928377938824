"""Test settings for workers the integration tests start themselves: the private files go to a
folder the test names (``TAMKEEN_IT_PRIVATE_ROOT``), so the test can look at what the worker
wrote."""

import os

from lms.settings.test import *  # noqa: F403
from lms.settings.test import PRIVATE_MEDIA_ROOT, STORAGES

PRIVATE_MEDIA_ROOT = os.environ.get("TAMKEEN_IT_PRIVATE_ROOT", PRIVATE_MEDIA_ROOT)
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT
