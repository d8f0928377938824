"""Self check-in: the trainer's QR screen, and the learner's typed code or scanned QR code with its
one-tap confirmation. Views parse input and call one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from organisations import permissions

from ...models import TrainingSession
from .. import checkin, services, sheet
from ..forms import CodeForm
from .common import TEMPLATES, session_for


def _qr_state(request, session) -> dict:
    """What the QR screen shows now: the code, the typed code, what is true of the window."""
    token = checkin.token_make(session_id=session.pk)
    url = request.build_absolute_uri(reverse("attendance:check_in_token", args=[token]))
    return {
        "qr": sheet.qr_svg(url, scale=8, fluid=True, label=_("QR code to check in")),
        "code": checkin.code_make(session_id=session.pk),
        "refresh": checkin.seconds_left(),
        "period": checkin.window_seconds(),
        "is_open": checkin.is_open(session),
        "window_state": checkin.window_state(session),
        "window_message": checkin.window_message(session),
    }


@login_required
@require_GET
def qr_screen(request, pk):
    session = session_for(request, pk, permissions.can_take_attendance)
    return render(
        request,
        TEMPLATES + "qr.html",
        {
            "session": session,
            **_qr_state(request, session),
            "code_url": request.build_absolute_uri(reverse("attendance:check_in")),
        },
    )


@login_required
@require_GET
def qr_current(request, pk):
    """The QR screen's next code, for its script: the page stays put (focus, zoom, reading)."""
    session = session_for(request, pk, permissions.can_take_attendance)
    state = _qr_state(request, session)
    response = JsonResponse(
        {
            "qr": str(state["qr"]),
            "code": state["code"],
            "refresh": state["refresh"],
            "open": state["is_open"],
            "state": state["window_state"],
            "message": state["window_message"],
        }
    )
    response["Cache-Control"] = "no-store"
    return response


def _client_ip(request) -> str:
    from security.network import client_ip  # behind the proxy: TRUSTED_PROXY_COUNT

    return client_ip(request) or ""


def _checked_in(request, result) -> HttpResponse:
    if result.created:
        messages.success(request, _("You are checked in. Welcome!"))
    else:
        messages.info(request, _("You are already checked in."))
    return render(
        request,
        TEMPLATES + "check_in_done.html",
        {"record": result.record, "session": result.record.session, "created": result.created},
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request):
    """Typing the six-character code, for people without a camera."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if checkin.rate_limited(user_id=request.user.pk, scope="code", ip=_client_ip(request)):
            messages.error(request, _("Too many attempts. Wait a few minutes and try again."))
            return render(request, TEMPLATES + "check_in.html", {"form": form}, status=429)
        try:
            result = services.attendance_check_in(
                learner=request.user, code=form.cleaned_data["code"], request_meta=request.META
            )
        except (ValidationError, PermissionDenied) as error:
            # On the field, so the error summary announces it and links to the code box.
            form.add_error("code", " ".join(getattr(error, "messages", [str(error)])))
        else:
            return _checked_in(request, result)
    return render(request, TEMPLATES + "check_in.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def check_in_token(request, token):
    """The QR code opens this page; one tap confirms (a page view alone changes nothing)."""
    scope = token.split("-", 1)[0][:12]
    if checkin.rate_limited(user_id=request.user.pk, scope=scope, ip=_client_ip(request)):
        messages.error(request, _("Too many attempts. Wait a few minutes and try again."))
        return render(request, TEMPLATES + "check_in.html", {"form": CodeForm()}, status=429)
    try:
        if request.method == "POST":
            result = services.attendance_check_in(
                learner=request.user,
                checkin_pass=request.POST.get("pass", ""),
                request_meta=request.META,
            )
            return _checked_in(request, result)
        session = get_object_or_404(TrainingSession, pk=checkin.token_verify(token))
        if not checkin.is_open(session):
            raise ValidationError(checkin.window_message(session), code="closed")
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return render(request, TEMPLATES + "check_in.html", {"form": CodeForm()}, status=400)
    return render(
        request,
        TEMPLATES + "check_in_confirm.html",
        {
            "session": session,
            "pass": checkin.pass_make(session_id=session.pk, user_id=request.user.pk),
        },
    )
