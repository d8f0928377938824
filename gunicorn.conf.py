"""Gunicorn settings for production: ``gunicorn lms.wsgi`` from the repository root reads this
file (Gunicorn's default ``./gunicorn.conf.py``). Every value can be changed from the
environment; docs/scaling.md explains how to size them.

- ``WEB_CONCURRENCY``: worker processes (default 2 x cores + 1). Each holds one persistent
  PostgreSQL connection (``CONN_MAX_AGE``), so web machines x workers + Celery concurrency
  must stay under PostgreSQL's ``max_connections``.
- ``GUNICORN_BIND``: address (default ``127.0.0.1:8000``, behind the reverse proxy).
- ``GUNICORN_TIMEOUT``: seconds before a silent worker is killed and replaced (default 30;
  slow work belongs to Celery, not to a request).
- ``GUNICORN_MAX_REQUESTS``: requests after which a worker is replaced (default 10000, with
  up to 10% jitter so workers never restart together); a bound on any slow leak, high enough
  that a worker answering cached pages at a thousand a second is not replaced every minute.
- ``FORWARDED_ALLOW_IPS``: proxies trusted for X-Forwarded-* headers (default 127.0.0.1).
- ``GUNICORN_CONTROL_SOCKET``: path of the ``gunicornc`` control socket (default: none).
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


wsgi_app = "lms.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = _int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"
# Load Django once in the master and fork: faster start, memory shared between workers.
preload_app = True
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 10000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", max(1, max_requests // 10))
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Gunicorn's runtime control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl),
# which two servers on one machine would fight over: off unless a path is given.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True
# Worker heartbeats on a RAM disk when there is one (containers often mount /tmp on overlayfs,
# where a busy disk can make healthy workers look dead).
if os.path.isdir("/dev/shm"):  # noqa: S108 - a tmpfs, not a temporary file
    worker_tmp_dir = "/dev/shm"  # noqa: S108

# Logs to stdout/stderr, where the process manager (systemd, Docker) collects them.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Time taken (%(M)s milliseconds) and the page cache's verdict, for capacity planning.
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms cache=%({x-cache}o)s "%(a)s"'
)


def when_ready(server):
    """Load in the master what each worker would otherwise load on its first requests (both
    languages' translation catalogues, the compiled public templates): forked workers share it,
    so a worker replaced after ``max_requests`` answers at full speed at once."""
    import contextlib

    from django.conf import settings
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template
    from django.utils import translation

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Tamkeen")
    for name in (
        "base.html",
        "cms/home_page.html",
        "cms/awareness_index_page.html",
        "cms/awareness_article_page.html",
        "courses/catalog_page.html",
        "courses/course_page.html",
    ):
        with contextlib.suppress(TemplateDoesNotExist):
            get_template(name)


def post_fork(server, worker):
    """Nothing opened in the master (while preloading) may be shared by the workers."""
    from django.db import connections

    connections.close_all()
