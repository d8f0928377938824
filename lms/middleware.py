"""Site-wide response headers and the two-factor rule for staff with access to personal data."""

from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from organisations.permissions import requires_mfa

# No page of Tamkeen needs these browser features: denying them means an injected script or
# an embedded video player cannot ask for them either. QR check-in goes through the phone's
# own camera app, which opens the check-in URL, so the site itself never needs the camera.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"

# Views a person without a second factor must still reach: setting one up (allauth's MFA pages,
# which may ask to re-enter the password first), the rest of their account (e-mail, password)
# and logging out, from the site or from the Wagtail admin; switching language to read the
# instructions; and the machine-facing health check.
MFA_EXEMPT_URL_NAMES = frozenset({"wagtailadmin_logout", "set_language", "health"})
# Set when an authenticator app is activated in a session (the activation checked a code).
SECOND_FACTOR_SET_UP_SESSION_KEY = "tamkeen_second_factor_set_up"


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A view that needs a feature (none today) sets its own header and keeps it.
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class MFARequiredMiddleware:
    """Holds staff who reach personal data or payments (officers, finance and auditors, trainer
    association admins, platform admins) to their second factor on every request:

    - one who has an authenticator app but whose session never used it (signed in through a
      path that skipped allauth's second step) is signed out and sent back to sign in, whatever
      page they asked for, allauth's own account pages included;
    - one without an authenticator app is sent to set one up, and may reach only that and the
      rest of their account until then.

    Placed after the authentication, messages and allauth middleware. The setting is read on
    every request so tests (and a deployment's environment) can switch it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(settings, "MFA_REQUIRED_FOR_STAFF", True):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.path_info.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return None
        if not requires_mfa(user) or session_used_second_factor(request):
            return None
        if _has_second_factor(user):
            return _sign_in_again(request)
        if self._is_exempt(request, view_func):
            return None
        messages.warning(
            request,
            _(
                "Your role gives access to personal data and payments, so your account needs "
                "a second factor. Set up an authenticator app to continue."
            ),
        )
        return redirect("mfa_activate_totp")

    @staticmethod
    def _is_exempt(request, view_func) -> bool:
        # Every allauth view (login, logout, e-mail, password, MFA setup and re-authentication)
        # serves the account itself.
        if (getattr(view_func, "__module__", "") or "").startswith("allauth."):
            return True
        match = request.resolver_match
        return match is not None and match.url_name in MFA_EXEMPT_URL_NAMES


def session_used_second_factor(request) -> bool:
    """Did this session pass the second factor: allauth's record of an authentication with an
    authenticator at sign-in (or re-authentication), or the app set up in this very session
    (its activation checks a code from it)."""
    records = get_authentication_records(request, request.user)
    if any(record.get("method") == "mfa" for record in records):
        return True
    return request.session.get(SECOND_FACTOR_SET_UP_SESSION_KEY) == str(request.user.pk)


def mark_second_factor_set_up(sender, request=None, user=None, authenticator=None, **kwargs):
    """``allauth.mfa.signals.authenticator_added``: the session that activated the app has just
    proved it holds it, so it is not sent to sign in again."""
    from allauth.mfa.models import Authenticator

    second_factors = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
    if authenticator is None or authenticator.type not in second_factors:
        return
    if request is not None and user is not None and hasattr(request, "session"):
        request.session[SECOND_FACTOR_SET_UP_SESSION_KEY] = str(user.pk)
        # allauth sends this signal once the activation has committed, which may be after the
        # session middleware has saved the session: save it here so the mark is kept.
        request.session.save()


def _sign_in_again(request):
    next_url = request.get_full_path()
    if request.method != "GET" or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}
    ):
        next_url = ""
    logout(request)
    messages.warning(
        request,
        _(
            "Sign in again with your authenticator app: your role needs the second factor at "
            "every sign-in."
        ),
    )
    login_url = reverse("account_login")
    return redirect(f"{login_url}?{urlencode({'next': next_url})}" if next_url else login_url)


def _has_second_factor(user) -> bool:
    """An authenticator app or a security key; recovery codes alone are only a fallback."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import is_mfa_enabled

    return is_mfa_enabled(user, types=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])
