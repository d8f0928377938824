"""Creating and revoking API clients, authenticating their tokens, logging their calls."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from security.events import Kind, record

from . import permissions
from .models import ApiCallLog, ApiClient
from .scopes import SCOPES

# A public prefix that tells a token apart, not a secret.
TOKEN_PREFIX = "tmk_"  # noqa: S105 # nosec B105


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _clean_scopes(organisation, scopes) -> list[str]:
    scopes = sorted(set(scopes or []))
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown or not scopes:
        raise ValidationError(_("Choose at least one scope from the list."), code="scopes")
    refused = [s for s in scopes if not permissions.may_hold_scope(organisation, s)]
    if refused:
        raise ValidationError(
            _("Only a funder's client may hold these scopes: %(scopes)s")
            % {"scopes": ", ".join(refused)},
            code="funder_only_scope",
        )
    return scopes


@transaction.atomic
def api_client_create(
    *, organisation, name: str, scopes, by, acting_user=None, expires_at=None
) -> tuple[ApiClient, str]:
    """A new client and its token, returned once: only the token's SHA-256 is stored."""
    if not permissions.can_manage_api_clients(by, organisation):
        raise PermissionDenied(_("You may not manage this organisation's API clients."))
    acting_user = acting_user or by
    if not permissions.may_act_for(acting_user, organisation):
        raise ValidationError(
            _("A client acts as an active member of its organisation."), code="acting_user"
        )
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the client a name."), code="name")
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError(_("The expiry must be in the future."), code="expires_at")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        organisation=organisation,
        name=name[:100],
        acting_user=acting_user,
        created_by=by,
        scopes=_clean_scopes(organisation, scopes),
        token_sha256=token_sha256(token),
        token_prefix=token[:12],
        expires_at=expires_at,
    )
    details = {"api_client": client.pk, "change": "api_client_created", "scopes": client.scopes}
    record(Kind.PRIVILEGES_CHANGED, actor=by, subject=acting_user, details=details)
    ApiCallLog.objects.create(client=client, actor=by, action="client.created", details=details)
    return client, token


@transaction.atomic
def api_client_revoke(*, client: ApiClient, by) -> ApiClient:
    if not permissions.can_manage_api_clients(by, client.organisation):
        raise PermissionDenied(_("You may not manage this organisation's API clients."))
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.revoked_by = by
        client.save(update_fields=["revoked_at", "revoked_by"])
        client.webhooks.update(active=False)
        details = {"api_client": client.pk, "change": "api_client_revoked"}
        record(Kind.PRIVILEGES_CHANGED, actor=by, subject=client.acting_user, details=details)
        ApiCallLog.objects.create(client=client, actor=by, action="client.revoked")
    return client


class TokenRefused(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def api_client_for_token(token: str) -> ApiClient:
    """The active client of ``token``, or TokenRefused with why (unknown, revoked, expired,
    or the person it acts as no longer active)."""
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        raise TokenRefused("invalid_token")
    client = (
        ApiClient.objects.select_related("organisation", "acting_user")
        .filter(token_sha256=token_sha256(token))
        .first()
    )
    if client is None:
        raise TokenRefused("invalid_token")
    if client.is_revoked:
        raise TokenRefused("token_revoked")
    if client.is_expired:
        raise TokenRefused("token_expired")
    if not permissions.may_act_for(client.acting_user, client.organisation):
        raise TokenRefused("acting_user_inactive")
    now = timezone.now()
    if client.last_used_at is None or (now - client.last_used_at).total_seconds() > 60:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
    return client


def api_call_log(*, request, client: ApiClient, action: str, status_code: int, details=None):
    """One write or one read of personal data, in the API's own log."""
    return ApiCallLog.objects.create(
        client=client,
        actor=client.acting_user,
        action=action,
        method=request.method,
        path=request.path[:300],
        status_code=status_code,
        details=details or {},
    )


def personal_data_read_log(*, request, client: ApiClient, what: str, details: dict) -> None:
    """A read of names through the API: in the security log, as an export of personal data."""
    record(
        Kind.DATA_EXPORTED,
        request=request,
        actor=client.acting_user,
        details={"via": "api", "api_client": client.pk, "what": what, **details},
    )
    api_call_log(
        request=request, client=client, action=f"read.{what}", status_code=200, details=details
    )
