"""Production: every value from the environment, and a refusal to start on unsafe defaults."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

# SITE_URL too: without it every e-mailed link, QR code and credential would name the local
# default (http://127.0.0.1:8000). The bank-details and webhook-secret keys too: a key derived
# from SECRET_KEY would be lost with it (grants' RIBs and the API's webhook secrets are
# encrypted with them).
REQUIRED = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "SITE_URL",
    "BANK_DETAILS_ENCRYPTION_KEY",
    "API_WEBHOOK_ENCRYPTION_KEY",
)
_missing = [name for name in REQUIRED if not env.str(name, default="").strip()]
if _missing:
    raise ImproperlyConfigured(
        "Missing required environment variable(s) for production: " + ", ".join(_missing)
    )
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("django-insecure", "dev-only", "test-only")):  # noqa: F405
    raise ImproperlyConfigured(
        "SECRET_KEY must be a random value of at least 50 characters "
        '(python -c "import secrets; print(secrets.token_urlsafe(64))").'
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL in production, not SQLite.")

DEBUG = False
# Webhook receivers: https only, never a private, loopback or link-local address (no request
# from the server into its own network on a client's say-so).
API_WEBHOOK_ALLOW_HTTP = env.bool("API_WEBHOOK_ALLOW_HTTP", default=False)
API_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env.bool("API_WEBHOOK_ALLOW_PRIVATE_ADDRESSES", default=False)
WAGTAILSEARCH_BACKENDS = {
    # Wagtail's database backend given plain words only (cms/search_backend.py).
    "default": {"BACKEND": "cms.search_backend", "SEARCH_CONFIG": "simple"},
}

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
