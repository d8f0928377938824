"""Public, machine-facing and verification pages: anyone may check a certificate or a
credential; the keys and status lists are published for verifiers."""

from __future__ import annotations

import re

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from courses.models import CoursePage
from organisations.models import Organisation

from . import credentials, ratelimit, sharing
from .forms import CodeForm, CredentialForm
from .models import SigningKey
from .selectors import certificate_by_code, certificate_history, certificate_public_record
from .signing import published_jwk, published_jwks
from .verification import credential_check

_CODE_CHARS = re.compile(r"[^A-Za-z0-9-]")


def _too_many(request, *, as_json: bool = False):
    if as_json:
        return JsonResponse({"error": "rate_limited"}, status=429)
    return render(request, "certificates/verify_rate_limited.html", status=429)


@require_GET
def verify_short(request, code):
    """The short URL printed in the QR code: on to the Arabic page."""
    with translation.override("ar"):
        return redirect(reverse("certificates:verify", args=[_CODE_CHARS.sub("", code)[:32]]))


@require_GET
def verify_form(request):
    form = CodeForm(request.GET or None)
    if form.is_valid():
        code = _CODE_CHARS.sub("", form.cleaned_data["code"])
        if code:
            return redirect("certificates:verify", code=code)
    return render(
        request,
        "certificates/verify_form.html",
        {"form": form, "credential_form": CredentialForm()},
    )


@require_GET
def verify(request, code, as_json: bool = False):
    as_json = as_json or request.GET.get("format") == "json"
    if not ratelimit.verification_allowed(request):
        return _too_many(request, as_json=as_json)
    certificate = certificate_by_code(code=code)
    if certificate is None:
        if as_json:
            return JsonResponse({"error": "not_found"}, status=404)
        context = {"form": CodeForm(), "credential_form": CredentialForm(), "not_found": True}
        return render(request, "certificates/verify_form.html", context, status=404)
    history = certificate_history(certificate=certificate)
    record = certificate_public_record(certificate=certificate, history=history)
    if as_json:
        return JsonResponse(record, json_dumps_params={"ensure_ascii": False})
    titles = sharing.course_titles_for(certificate, translation.get_language() or "ar")
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "record": record,
            "history": history if len(history) > 1 else [],
            "titles": titles,
        },
    )


@require_http_methods(["GET", "POST"])
def verify_credential(request):
    if request.method == "GET":
        return redirect("certificates:verify_form")
    if not ratelimit.verification_allowed(request):
        return _too_many(request)
    form = CredentialForm(request.POST, request.FILES)
    result = credential_check(token=form.cleaned_data["token"]) if form.is_valid() else None
    return render(
        request,
        "certificates/verify_form.html",
        {"form": CodeForm(), "credential_form": form, "result": result},
        status=200 if result is not None or form.is_bound is False else 400,
    )


@cache_control(max_age=300, public=True)
@require_GET
def jwks(request):
    return JsonResponse(published_jwks())


@cache_control(max_age=300, public=True)
@require_GET
def signing_key(request, kid):
    key = get_object_or_404(SigningKey, kid=kid)
    return JsonResponse(published_jwk(key))


@cache_control(max_age=60, public=True)
@require_GET
def status_list(request, list_ref):
    """``<issuer>-<n>`` (credentials issued since #25) or ``<n>`` (before); 404 for a list
    that holds no certificate."""
    if request.GET.get("format") == "json":
        credential = credentials.status_list_credential(list_ref)
        if credential is None:
            raise Http404
        return JsonResponse(credential, json_dumps_params={"ensure_ascii": False})
    token = credentials.status_list_signed(list_ref)
    if token is None:
        raise Http404
    return HttpResponse(token, content_type="application/vc+jwt")


@require_GET
def issuer(request, pk):
    """The issuer profile its credentials embed, identical, at its own id."""
    association = get_object_or_404(Organisation, pk=pk, kind=Organisation.Kind.TRAINER)
    profile = {"@context": credentials.CONTEXT, **credentials.issuer_profile(association)}
    return JsonResponse(profile, json_dumps_params={"ensure_ascii": False})


@require_GET
def achievement(request, pk):
    course = get_object_or_404(CoursePage.objects.live(), pk=pk)
    return redirect(course.url or "/")


@require_GET
def credential(request, code):
    """A credential's id resolves to its public record."""
    with translation.override("ar"):
        return redirect(reverse("certificates:verify_json", args=[_CODE_CHARS.sub("", code)]))
