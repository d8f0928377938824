"""The phone's offline queue: the endpoint that receives queued marks, and what the installable
web app needs (its manifest, its service worker, the day's sessions a trainer keeps offline)."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import services
from .common import TEMPLATES


@login_required
@require_POST
def sync(request):
    """Queued marks, in the order taken: ``{"items": [...]}``; one answer each, same order."""
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"ok": False, "code": "bad_request"}, status=400)
    items = payload.get("items") if isinstance(payload, dict) else None
    try:
        results = services.attendance_sync(by=request.user, items=items, request_meta=request.META)
    except ValidationError as error:
        return JsonResponse(
            {"ok": False, "code": error.code, "message": " ".join(error.messages)}, status=400
        )
    except PermissionDenied:
        return JsonResponse({"ok": False, "code": "forbidden"}, status=403)
    return JsonResponse({"ok": True, "results": results})


# --- The installable web app ----------------------------------------------------------------


@require_GET
def manifest(request):
    """The web app manifest in the page's language (name, icons, direction)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    icon_language = "ar" if language == "ar" else "fr"
    icons = [
        {
            "src": static(f"courses/icons/tamkeen-{icon_language}-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any",
        }
        for size in (192, 512)
    ]
    body = {
        "name": _("Tamkeen: sessions and attendance"),
        "short_name": _("Tamkeen"),
        "description": _("Roll call and check-in, with or without a network."),
        "lang": language,
        "dir": "rtl" if translation.get_language_bidi() else "ltr",
        "start_url": reverse("courses:my_learning"),
        "scope": "/",
        "id": f"/{language}/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#084c40",
        "icons": icons,
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


SERVICE_WORKER = Path(__file__).resolve().parents[2] / "static" / "courses" / "sw.js"


@require_GET
def service_worker(request):
    """The service worker, served at the site's root so that its scope is the whole site
    (static files are under /static/, a narrower scope). It is always checked again."""
    response = HttpResponse(SERVICE_WORKER.read_bytes(), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


@login_required
@require_GET
def offline_check_in(request):
    """The page a phone shows when a check-in QR code is scanned without a network: the
    service worker keeps it and answers the scan's address with it. It reads the token from
    the address, and one tap queues the check-in."""
    return render(request, TEMPLATES + "check_in_offline.html", {})
