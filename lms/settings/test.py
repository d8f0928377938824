"""Unit tests: SQLite in memory (or DATABASE_URL), eager tasks, fast hashing, temp media."""

import tempfile

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-not-secret-" + "x" * 40
# The demo data and `seed_demo` (demo/): dev and test only, never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="tamkeen-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="tamkeen-test-private-")
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Unit tests run tasks in-process; `make test-integration` runs them in a real worker, which
# needs the real cache (its heartbeat) and an e-mail backend both processes can see (EMAIL_URL).
INTEGRATION = env.bool("CELERY_INTEGRATION", default=False)
if not INTEGRATION:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }
# Off for the suite, so no test reads a page another test stored; tests/lms/test_pagecache.py
# turns it on.
PAGE_CACHE_SECONDS = 0
# The funder dashboard computes its evidence on every view (tests/grants/test_query_budgets.py
# turns its cache on).
DASHBOARD_CACHE_SECONDS = 0
if not env.str("DATABASE_URL", default=""):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
CELERY_TASK_ALWAYS_EAGER = not INTEGRATION
if not INTEGRATION:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_EAGER_PROPAGATES = True
ACCOUNT_RATE_LIMITS = False
LOGGING = {"version": 1, "disable_existing_loggers": False}
STATIC_ROOT = tempfile.mkdtemp(prefix="tamkeen-test-static-")
# Most tests sign staff in with force_login and no authenticator; the rule has its own tests
# (tests/lms/test_mfa_required.py), which switch it on with the settings fixture.
MFA_REQUIRED_FOR_STAFF = False
