"""The signed-in person's own pages: profile, "My data" (consents, download, erasure), and the
public privacy notice. Every page reads and changes ``request.user`` only."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from . import personal_data
from .conf import setting
from .forms import ConsentForm, EraseAccountForm, ProfileForm
from .models import ConsentRecord
from .national_id import national_id_decrypt, national_id_enabled
from .profile_sections import profile_sections
from .services import (
    consent_record,
    consent_update,
    consents_current,
    user_erase,
    user_update_profile,
)
from .signals import data_exported


@login_required
def profile(request):
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            changed = [name for name in form.changed_data if name != "national_id"]
            user_update_profile(
                user=request.user, data={name: form.cleaned_data[name] for name in changed}
            )
            if "national_id" in form.changed_data and national_id_enabled():
                from .services import user_set_national_id

                user_set_national_id(user=request.user, value=form.cleaned_data["national_id"])
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    else:
        initial = {}
        if national_id_enabled():
            initial["national_id"] = national_id_decrypt(request.user.national_id_encrypted)
        form = ProfileForm(instance=request.user, initial=initial)
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "profile_sections": profile_sections(user=request.user)},
    )


def _consent_history(user):
    return ConsentRecord.objects.filter(user=user).order_by("-recorded_at", "-pk")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_data(request):
    current = consents_current(user=request.user)
    if request.method == "POST" and "accept_notice" in request.POST:
        consent_record(user=request.user, purpose=ConsentRecord.Purpose.PROCESSING, given=True)
        messages.success(request, _("Thank you: your acceptance of the notice is recorded."))
        return redirect("accounts:my_data")
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid():
            changed = consent_update(
                user=request.user,
                wanted={ConsentRecord.Purpose.PHOTOS: form.cleaned_data["photos"]},
            )
            if changed:
                messages.success(request, _("Your choice has been recorded."))
            return redirect("accounts:my_data")
    else:
        form = ConsentForm(initial={"photos": current[ConsentRecord.Purpose.PHOTOS]})
    history = _consent_history(request.user)
    processing = next((c for c in history if c.purpose == ConsentRecord.Purpose.PROCESSING), None)
    version = setting("PRIVACY_NOTICE_VERSION")
    return render(
        request,
        "accounts/my_data.html",
        {
            "form": form,
            "consents": history,
            "processing": processing,
            "processing_current": bool(
                processing and processing.given and processing.notice_version == version
            ),
            "notice_version": version,
            "erasure_rules": _erasure_rules(personal_data.handlers()),
        },
    )


def _erasure_rules(handlers):
    """What erasure does, grouped (shown before the person decides)."""
    grouped = {personal_data.Erasure.DELETE: [], personal_data.Erasure.PSEUDONYMISE: []}
    for handler in handlers:
        rules = grouped.get(handler.erasure)
        if rules is not None and handler.why and handler.why not in rules:
            rules.append(handler.why)
    return grouped


def _download(request, *, scope: str, content: bytes, content_type: str, extension: str):
    data_exported(request, scope, subject=request.user)
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="tamkeen-my-data-{stamp}.{extension}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def my_data_json(request):
    data = personal_data.personal_data_export(user=request.user)
    return _download(
        request,
        scope="my-data.json",
        content=personal_data.export_json(data),
        content_type="application/json; charset=utf-8",
        extension="json",
    )


@login_required
@require_GET
def my_data_csv(request):
    data = personal_data.personal_data_export(user=request.user)
    return _download(
        request,
        scope="my-data.csv",
        content=personal_data.export_csv_zip(data),
        content_type="application/zip",
        extension="zip",
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def erase_account(request):
    form = EraseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user_erase(user=request.user)
        logout(request)
        messages.success(
            request, _("Your account has been erased. Thank you for having trained with us.")
        )
        return redirect(f"/{request.LANGUAGE_CODE}/")
    return render(
        request,
        "accounts/erase_account.html",
        {"form": form, "erasure_rules": _erasure_rules(personal_data.handlers())},
        status=400 if form.is_bound else 200,
    )


def _days(value: int) -> dict:
    return {"days": value, "years": round(value / 365, 1) if value >= 365 else None}


def privacy_notice(request):
    """The privacy notice's facts come from settings and code, so they are always true."""
    return render(
        request,
        "accounts/privacy_notice.html",
        {
            "controller_name": setting("PRIVACY_CONTROLLER_NAME"),
            "controller_address": setting("PRIVACY_CONTROLLER_ADDRESS"),
            "contact_email": setting("PRIVACY_CONTACT_EMAIL"),
            "cndp_declaration": setting("PRIVACY_CNDP_DECLARATION").strip(),
            "notice_version": setting("PRIVACY_NOTICE_VERSION"),
            "national_id_enabled": national_id_enabled(),
            "cndp_authorization": setting("CNDP_AUTHORIZATION_NUMBER").strip(),
            "retention": {
                "inactive_account": _days(setting("RETENTION_INACTIVE_ACCOUNT_DAYS")),
                "unverified_signup": _days(setting("RETENTION_UNVERIFIED_SIGNUP_DAYS")),
                "walk_in": _days(setting("RETENTION_WALKIN_DAYS")),
                "invitation": _days(setting("RETENTION_INVITATION_DAYS")),
                "pending_enrollment": _days(setting("RETENTION_PENDING_ENROLLMENT_DAYS")),
                "session_hours": settings.SESSION_COOKIE_AGE // 3600,
            },
        },
    )
