"""Settings shared by every environment, read from environment variables.

Every variable has an embedded default that works on a laptop with nothing installed
(SQLite, media on disk, Kombu's filesystem transport as Celery broker). Production
(``lms.settings.production``) refuses the defaults that are unsafe there.
See the configuration table in README.md.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("TAMKEEN_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

# --- Core -------------------------------------------------------------------------------------
SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public base URL of every link that leaves a page: e-mails, PDFs and their QR codes,
# calendar feeds, signed credentials. The local demo serves on PORT (`PORT=8811 make run`), so
# its links follow that port unless SITE_URL is set.
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")
SITE_URL = SITE_URL.rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

INSTALLED_APPS = [
    # Tamkeen (docs/architecture.md: each app imports only the ones below it)
    "lms",
    "accounts",
    "organisations",
    "notifications",
    "cms",
    "courses",
    "certificates",
    "grants",
    "calls",
    "api",
    "security",
    "outbox",
    "core",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # django-ninja: the API (api/); listed for its bundled Swagger UI static files (no CDN)
    "ninja",
    # allauth
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Content-Security-Policy header (its system checks catch a misconfigured exclusion)
    "csp",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",  # its templates, for FORM_RENDERER below
]

MIDDLEWARE = [
    # First: a stored page for an anonymous visitor is answered before any other work
    # (lms/pagecache.py says what is stored, for whom, and what invalidates it).
    "lms.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "lms.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Lets the security log's model-signal receivers see who acted and from where.
    "security.context.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication, messages and allauth: it reads the user and leaves a message.
    "lms.middleware.MFARequiredMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "lms.context_processors.navigation",
            ],
        },
    },
]
# Forms render through the templates above, so templates/django/forms/ can add the error
# summary (role="alert", focus moved to it) to every form, allauth's included.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Data -------------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'tamkeen.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time: wait for the lock rather than failing, and keep readers going.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# Three aliases so each can be flushed or moved on its own: "pages" (the anonymous page cache,
# lms/pagecache.py) and "renditions" (Wagtail looks this alias up for image renditions).
if REDIS_URL:
    CACHES = {
        alias: {
            # Degrades to a miss when Redis is unreachable, so pages still render (core/cache.py).
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        for alias, prefix in (
            ("default", "tamkeen"),
            ("pages", "tamkeen-pages"),
            ("renditions", "tamkeen-renditions"),
        )
    }
    CACHES["renditions"]["TIMEOUT"] = 60 * 60 * 24
else:
    # Shared between the web server and the worker without any server to install.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "page-cache"),
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }
# Anonymous visitors' pages are kept this many seconds at most (0 turns the cache off);
# publishing, and any change to what public pages show, invalidates them before that.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
PAGE_CACHE_ALIAS = "pages"
# The funder dashboard keeps a programme's evidence this long at most (grants/dashboard.py);
# any change to the records it is computed from replaces it sooner. 0: computed on every view.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=60)

# --- Background work --------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        # Broadcast (pidbox) exchanges; kombu's default is ./control in the working directory.
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
else:
    # Redis keeps a delivered task unacknowledged until it has run (acks_late): if the worker
    # dies (kill -9, lost machine) another worker takes it back after this many seconds. Longer
    # than the slowest task (an evidence pack) and the longest retry countdown (e-mail backoff,
    # at most 600 s), or a task still running would be handed out a second time.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=1800),
    }
    # A publish to an unreachable Redis fails within seconds instead of hanging the request;
    # the job waits in the outbox (outbox/services.py).
    CELERY_BROKER_TRANSPORT_OPTIONS.update({"socket_connect_timeout": 2, "socket_timeout": 5})
# Fail fast when publishing: one quick retry, then the outbox keeps the job for the drain.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Africa/Casablanca"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = "default"
# Four queues so slow work never holds up e-mail: "pdf" renders certificates, "exports" builds
# archives (evidence packs, certificate bundles); run a worker per queue to keep them apart
# (docs/scaling.md). Anything unrouted goes to "default".
CELERY_TASK_ROUTES = {
    "accounts.tasks.send_email": {"queue": "email"},
    "organisations.tasks.*": {"queue": "email"},
    "certificates.tasks.issue_certificate": {"queue": "pdf"},
    "certificates.tasks.build_certificate_bundle": {"queue": "exports"},
    "grants.tasks.*": {"queue": "exports"},
}
CELERY_BEAT_SCHEDULE: dict = {
    # Jobs kept in the outbox while the broker was down leave within 30 s of its return.
    "outbox-drain": {"task": "outbox.tasks.drain", "schedule": 30},
    # Reminders go 24 h ahead; a run every 15 minutes keeps them on time, and the
    # reminder_sent_at mark makes overlapping runs harmless.
    "courses-session-reminders": {
        "task": "courses.tasks.send_session_reminders",
        "schedule": 15 * 60,
    },
    # Personal data past its retention period is erased or pseudonymised (idempotent).
    "accounts-retention-purge": {
        "task": "accounts.tasks.retention_purge",
        "schedule": 24 * 60 * 60,
    },
    # Security log entries past SECURITY_LOG_RETENTION_DAYS are removed.
    "security-log-purge": {"task": "security.tasks.purge_old_events", "schedule": 24 * 60 * 60},
    # report reminders (#17): reports due soon, today, late and very late, each sent once.
    "grants-report-reminders": {
        "task": "grants.tasks.send_report_reminders",
        "schedule": 24 * 60 * 60,
    },
}
WORKER_HEARTBEAT_SECONDS = 10
# /health/ shows its details (vendor, transport, heartbeat, backlog) to staff who may read the
# security log and to a caller sending this token (Authorization: Bearer / X-Health-Token);
# everyone else gets 200/503 and "ok"/"not ok" per part. Empty: no token is accepted.
HEALTH_TOKEN = env.str("HEALTH_TOKEN", default="")

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        # Django's, with its message found in the Arabic catalogue too (its msgid changed in 5.2).
        "NAME": "accounts.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_PREVENT_ENUMERATION = False  # a taken e-mail must say so clearly at sign-up
ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/ip,5/5m/key"}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Tamkeen] "
# One way in and one way to change a password or an e-mail: allauth's pages (second factor,
# lockout, verification, security log). The Wagtail admin sends its login to allauth's
# (lms/views.py) and shows no password or e-mail form of its own; its password reset is off.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# No avatars from gravatar.com: the admin would send every staff member's e-mail hash to a third
# party. Wagtail then shows its own default avatar (or one uploaded in the account settings).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Tamkeen"
# Officers, finance, auditors, trainer association admins and platform admins reach personal
# data and payments: without an authenticator app they are sent to set one up
# (lms/middleware.py). Only the local demo turns it off (lms/settings/dev.py).
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=True)
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)
# A personal calendar feed link (courses/calendar.py) stops working this many days after it was
# made; its owner makes a new one from My learning (which also stops the old one at once).
CALENDAR_FEED_VALID_DAYS = env.int("CALENDAR_FEED_VALID_DAYS", default=180)
# Reverse proxies in front of the web processes that append their peer to X-Forwarded-For
# (nginx, a load balancer): allauth's login rate limits and the security log read the client's
# address from that header only when this is set; 0 means REMOTE_ADDR.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Security log entries (security/) older than this many days are removed daily (Celery beat,
# or `manage.py purge_security_events`).
SECURITY_LOG_RETENTION_DAYS = env.int("SECURITY_LOG_RETENTION_DAYS", default=365)

# --- Personal data (Moroccan law 09-08; accounts/personal_data.py, /<lang>/privacy/) ---------
# The privacy notice shows these: they must be true for the deployment.
PRIVACY_CONTROLLER_NAME = env.str("PRIVACY_CONTROLLER_NAME", default="Tamkeen (demo deployment)")
PRIVACY_CONTROLLER_ADDRESS = env.str("PRIVACY_CONTROLLER_ADDRESS", default="")
PRIVACY_CONTACT_EMAIL = env.str("PRIVACY_CONTACT_EMAIL", default="privacy@tamkeen.test")
# The CNDP declaration receipt number; the notice says "pending" while it is empty.
PRIVACY_CNDP_DECLARATION = env.str("PRIVACY_CNDP_DECLARATION", default="")
# Bump when the notice changes: consents record the version they were given for.
PRIVACY_NOTICE_VERSION = env.str("PRIVACY_NOTICE_VERSION", default="2026-11")
RETENTION_INACTIVE_ACCOUNT_DAYS = env.int("RETENTION_INACTIVE_ACCOUNT_DAYS", default=3 * 365)
RETENTION_UNVERIFIED_SIGNUP_DAYS = env.int("RETENTION_UNVERIFIED_SIGNUP_DAYS", default=30)
RETENTION_WALKIN_DAYS = env.int("RETENTION_WALKIN_DAYS", default=2 * 365)
RETENTION_INVITATION_DAYS = env.int("RETENTION_INVITATION_DAYS", default=90)
RETENTION_PENDING_ENROLLMENT_DAYS = env.int("RETENTION_PENDING_ENROLLMENT_DAYS", default=180)
# No national ID number is stored unless both are set (a system check refuses one without
# the other): the CNDP authorization for that processing, and a Fernet key to encrypt it.
CNDP_AUTHORIZATION_NUMBER = env.str("CNDP_AUTHORIZATION_NUMBER", default="")
NATIONAL_ID_ENABLED = env.bool("NATIONAL_ID_ENABLED", default=False)
NATIONAL_ID_ENCRYPTION_KEY = env.str("NATIONAL_ID_ENCRYPTION_KEY", default="")

# --- Languages and time -----------------------------------------------------------------------
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="ar")
LANGUAGES = [
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["core.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Africa/Casablanca"
USE_THOUSAND_SEPARATOR = True

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [("ar", _("Arabic")), ("fr", _("French"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_SITE_NAME = "Tamkeen"
# Wagtail's database backend (SQLite FTS5 or PostgreSQL), given plain words only: a quote or
# an operator in a query is never a syntax error (cms/search_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "pptx", "odp", "txt", "csv"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
# New images are re-encoded by core/uploads/ (no EXIF/GPS, nothing after the pixels).
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.forms.ImageForm"
# Documents always leave through Wagtail's view (collection privacy, attachment, nosniff,
# CSP), never as a redirect to a public storage URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# A new document's content must match its extension (core/uploads/).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.forms.DocumentForm"
WAGTAIL_ALLOW_UNICODE_SLUGS = True

# --- Files ------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Files that name people (reports, scans, certificates, evidence packs): never web-served,
# downloaded only through permission-checked views (core/storage.py).
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(PRIVATE_MEDIA_ROOT),
            "base_url": "/private-files-are-not-served/",
        },
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Per kind of upload, checked from the content by core/uploads/.
UPLOAD_MAX_BYTES = {
    "document": 10 * 1024 * 1024,  # reports, receipts, supporting documents
    "scan": 10 * 1024 * 1024,  # signed attendance sheets
    "image": WAGTAILIMAGES_MAX_UPLOAD_SIZE,
    "import": 2 * 1024 * 1024,  # a coordinator's CSV or XLSX list of people
}
UPLOAD_MAX_IMAGE_PIXELS = WAGTAILIMAGES_MAX_IMAGE_PIXELS
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# `manage.py backup` writes one timestamped folder here (database, media, private media and a
# SHA-256 manifest); keep it on another disk, and copy it off the machine.
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(VAR_DIR / "backups")))

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Tamkeen <no-reply@tamkeen.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security defaults (tightened in production) ----------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): scripts, styles, fonts and fetches from our own origin
# only, so no inline script or style attribute runs, even one slipped into content. Video
# players are the one outside frame: the embed hosts of the providers cms/blocks.py accepts
# (VIDEO_HOSTS; tests/lms/test_security_headers.py keeps the two lists in step).
VIDEO_FRAME_SOURCES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.dailymotion.com",
    "https://geo.dailymotion.com",
]
CONTENT_SECURITY_POLICY = {
    # The Wagtail admin is built on inline scripts and styles: it gets no header rather than a
    # policy weakened for the whole site. It is reached only by signed-in staff.
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # QR codes and allauth's TOTP setup are data: images
        "frame-src": VIDEO_FRAME_SOURCES,
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django_tasks": {"level": "WARNING"}},
}

# --- Attendance -------------------------------------------------------------------------------
# Self check-in (QR code or typed code) is accepted from this long before a session starts until
# this long after it ends.
ATTENDANCE_OPEN_BEFORE_MINUTES = env.int("ATTENDANCE_OPEN_BEFORE_MINUTES", default=30)
ATTENDANCE_OPEN_AFTER_MINUTES = env.int("ATTENDANCE_OPEN_AFTER_MINUTES", default=60)

# courses field work (#20)
# How often the check-in QR code and typed code change (seconds, 30 at most).
ATTENDANCE_QR_ROTATION_SECONDS = env.int("ATTENDANCE_QR_ROTATION_SECONDS", default=30)
# A mark queued on a phone offline: a device clock further off than this from the server's is
# flagged; such a mark is refused once the session's window closed longer ago than the hours.
ATTENDANCE_DEVICE_CLOCK_SKEW_MINUTES = env.int("ATTENDANCE_DEVICE_CLOCK_SKEW_MINUTES", default=10)
ATTENDANCE_OFFLINE_MAX_HOURS = env.int("ATTENDANCE_OFFLINE_MAX_HOURS", default=72)

# bank details (#17)
# The agreements' RIBs are encrypted at rest (core/crypto.py): comma-separated Fernet keys, the
# first encrypts, every one decrypts (rotation). Empty: a key derived from SECRET_KEY (dev and
# tests); production requires it.
BANK_DETAILS_ENCRYPTION_KEY = env.str("BANK_DETAILS_ENCRYPTION_KEY", default="")

# evidence chains (#18)
# The attendance chain's links are HMAC-SHA-256 under a key that is not in the database
# (core/evidence_keys.py): comma-separated "id:secret" pairs, the first one keys new links,
# every one verifies (rotation: put the new one first, keep the old ones). Empty: keys derived
# from SECRET_KEY and each of SECRET_KEY_FALLBACKS.
EVIDENCE_KEYS = env.str("EVIDENCE_KEYS", default="")

# webhooks (#23): receivers must be https and public addresses in production; development and
# tests may post to http://127.0.0.1 (a receiver on the same machine).
API_WEBHOOK_ALLOW_HTTP = env.bool("API_WEBHOOK_ALLOW_HTTP", default=True)
API_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env.bool("API_WEBHOOK_ALLOW_PRIVATE_ADDRESSES", default=True)
# An agreement-import file previewed but never confirmed is deleted after this many days; a
# confirmed import's file after the second number (its record stays): grants/retention.py.
GRANTS_IMPORT_PREVIEW_DAYS = env.int("GRANTS_IMPORT_PREVIEW_DAYS", default=2)
GRANTS_IMPORT_FILE_DAYS = env.int("GRANTS_IMPORT_FILE_DAYS", default=365)
