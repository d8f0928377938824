"""``/health/``: is the database, the broker and a worker each usable right now, and are jobs
waiting in the outbox for the broker (outbox/services.py).

Anyone (a load balancer) gets the status code, 200 or 503, and "ok" or "not ok" per part. The
details (database vendor, broker transport, heartbeat age, outbox backlog, timings, error class)
go only to the people who may read the security log and to a caller presenting the deployment's
``HEALTH_TOKEN`` (``Authorization: Bearer <token>`` or ``X-Health-Token: <token>``).
"""

import hmac
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

from lms.worker import HEARTBEAT_CACHE_KEY
from organisations.permissions import can_view_security_log


def _timed(check) -> dict:
    started = time.monotonic()
    try:
        result = check()
    except Exception as exc:  # noqa: BLE001 - any failure makes the component not ok
        result = {"ok": False, "error": exc.__class__.__name__}
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def check_broker() -> dict:
    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem://"):
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        folder = Path(options["data_folder_in"])
        ok = folder.is_dir() and _writable(folder)
        return {"ok": ok, "transport": "filesystem"}
    with Connection(url, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        transport = conn.transport_cls
    return {"ok": True, "transport": str(transport)}


def _writable(folder: Path) -> bool:
    probe = folder / ".health-probe"
    probe.write_text("ok")
    probe.unlink()
    return True


def check_worker() -> dict:
    beat = cache.get(HEARTBEAT_CACHE_KEY)
    if not beat:
        return {"ok": False, "error": "no heartbeat"}
    age = time.time() - beat["at"]
    max_age = settings.WORKER_HEARTBEAT_SECONDS * 3
    return {"ok": age <= max_age, "last_seen_seconds": round(age, 1)}


def check_outbox() -> dict:
    """Jobs kept while the broker was down. Some waiting is normal during an outage (the broker
    is reported down then); jobs still waiting long after mean the drain is not running."""
    from outbox.services import pending_summary

    summary = pending_summary()
    stale = getattr(settings, "OUTBOX_STALE_SECONDS", 600)
    return {"ok": summary["oldest_pending_seconds"] <= stale, **summary}


def _presented_token(request) -> str:
    scheme, _space, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return request.headers.get("X-Health-Token", "").strip()


def may_see_details(request) -> bool:
    """Staff who may read the security log, or the holder of ``HEALTH_TOKEN`` (compared in
    constant time; no token configured means no token is accepted)."""
    expected = getattr(settings, "HEALTH_TOKEN", "")
    presented = _presented_token(request)
    if expected and presented and hmac.compare_digest(presented.encode(), expected.encode()):
        return True
    user = getattr(request, "user", None)
    return user is not None and can_view_security_log(user)


@never_cache
@require_GET
def health(request):
    report = {
        "database": _timed(check_database),
        "broker": _timed(check_broker),
        "worker": _timed(check_worker),
        "outbox": _timed(check_outbox),
    }
    healthy = all(part["ok"] for part in report.values())
    if not may_see_details(request):
        report = {name: "ok" if part["ok"] else "not ok" for name, part in report.items()}
    response = JsonResponse(report, status=200 if healthy else 503)
    patch_vary_headers(response, ("Authorization", "X-Health-Token", "Cookie"))
    return response
