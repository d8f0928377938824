"""Local development and the `make run` demo: DEBUG on, a throwaway key, all embedded."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-not-secret-" + "x" * 40)
# The demo data and `seed_demo` (demo/): dev and test only, never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# The demo accounts (README) sign in with a password alone. Production keeps the default from
# base.py: staff roles must set up an authenticator app before anything else.
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=False)
