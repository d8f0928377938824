"""Site-wide response headers and the two-factor rule for staff with access to personal data."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from lms.permissions import requires_mfa

# No page of Tamkeen needs these browser features: denying them means an injected script or
# an embedded video player cannot ask for them either. QR check-in goes through the phone's
# own camera app, which opens the check-in URL, so the site itself never needs the camera.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"

# Views a person without a second factor must still reach: setting one up (allauth's MFA pages,
# which may ask to re-enter the password first), the rest of their account (e-mail, password)
# and logging out, from the site or from the Wagtail admin; switching language to read the
# instructions; and the machine-facing health check.
MFA_EXEMPT_URL_NAMES = frozenset({"wagtailadmin_logout", "set_language", "health"})


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A view that needs a feature (none today) sets its own header and keeps it.
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class MFARequiredMiddleware:
    """Sends a signed-in officer, finance or auditor, trainer association admin or platform
    admin without an authenticator app to its setup page, whatever page they ask for.

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
        if self._is_exempt(request, view_func):
            return None
        if not requires_mfa(user) or _has_second_factor(user):
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
        path = request.path_info
        # Static and media files are normally answered before Django's views; kept out anyway
        # so a page's stylesheet never turns into a redirect.
        if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return True
        # Every allauth view (login, logout, e-mail, password, MFA setup and re-authentication)
        # serves the account itself.
        if (getattr(view_func, "__module__", "") or "").startswith("allauth."):
            return True
        match = request.resolver_match
        return match is not None and match.url_name in MFA_EXEMPT_URL_NAMES


def _has_second_factor(user) -> bool:
    """An authenticator app or a security key; recovery codes alone are only a fallback."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import is_mfa_enabled

    return is_mfa_enabled(user, types=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])
