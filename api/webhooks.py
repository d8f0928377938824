"""Signed webhooks: grants' audit entries and certificates' revocations become events; each
subscription that may see the object gets a delivery, queued through the outbox in the same
transaction, and posted by a Celery task (api/tasks.py): a slow or failing receiver never
slows the request that caused the event.

Signature: ``Tamkeen-Signature: t=<unix time>,v1=<hex HMAC-SHA256>``, the HMAC computed with
the subscription's secret over ``<unix time>.<body>`` (the exact bytes posted). A receiver
recomputes it, compares in constant time and refuses a timestamp older than a few minutes."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import outbox
from organisations import permissions as org_permissions

from . import permissions
from .models import WebhookDelivery, WebhookSubscription

logger = logging.getLogger(__name__)

Event = WebhookSubscription.Event
TIMEOUT_SECONDS = 5
USER_AGENT = "Tamkeen-Webhooks/1"

# grants' audit actions → the events a client subscribes to.
AUDIT_EVENTS = {
    "tranche_request.submitted": Event.REQUEST_SUBMITTED,
    "tranche_request.approve": Event.DECISION_TAKEN,
    "tranche_request.request_changes": Event.DECISION_TAKEN,
    "tranche_request.reject": Event.DECISION_TAKEN,
    "tranche.paid": Event.PAYMENT_RECORDED,
}


# --- Subscribing ------------------------------------------------------------------------------


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def webhook_url_check(url: str) -> None:
    """Refuse a receiver URL the platform must not post to: not http(s), http where https is
    required (API_WEBHOOK_ALLOW_HTTP), or a literal private, loopback or link-local address
    (API_WEBHOOK_ALLOW_PRIVATE_ADDRESSES). Host names are resolved when posting (``send``)."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValidationError(_("Enter an http or https address."), code="url")
    if parts.scheme == "http" and not settings.API_WEBHOOK_ALLOW_HTTP:
        raise ValidationError(_("Enter an https address."), code="url_https")
    if settings.API_WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        return
    host = parts.hostname
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if (
        (literal is not None and not _is_public(host))
        or host == "localhost"
        or (host.endswith((".localhost", ".local", ".internal")))
    ):
        raise ValidationError(
            _("The receiver must be a public address, not one inside a private network."),
            code="url_private",
        )


def _check_resolved(url: str) -> None:
    """Every address the receiver's name resolves to must be public (unless allowed)."""
    if settings.API_WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        return
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, port)}
    if not addresses or not all(_is_public(a.split("%")[0]) for a in addresses):
        raise ValueError("webhook receiver resolves to a non-public address")


@transaction.atomic
def webhook_subscribe(*, client, url: str, events, by) -> tuple[WebhookSubscription, str]:
    """A subscription and its secret, returned once (kept encrypted to sign deliveries)."""
    if not permissions.can_manage_api_clients(by, client.organisation):
        raise PermissionDenied(_("You may not manage this organisation's API clients."))
    if not client.is_active:
        raise ValidationError(_("This client is revoked or expired."), code="inactive_client")
    webhook_url_check(url)
    events = sorted(set(events or []))
    if not events or not set(events) <= set(Event.values):
        raise ValidationError(_("Choose at least one event."), code="events")
    secret = "whsec_" + secrets.token_urlsafe(32)
    subscription = WebhookSubscription(client=client, url=url, events=events)
    subscription.secret = secret
    subscription.save()
    return subscription, secret


# --- Events -----------------------------------------------------------------------------------


def _agreement_event_data(entry) -> tuple[object, dict] | None:
    from grants.models import Tranche, TrancheRequest

    if entry.object_type == "grants.tranche":
        tranche = Tranche.objects.select_related("agreement").filter(pk=entry.object_id).first()
        if tranche is None:
            return None
        return tranche.agreement, {
            "agreement": tranche.agreement.reference,
            "tranche_id": tranche.pk,
            "tranche": tranche.number,
            "status": tranche.status,
            "amount": {"amount": f"{tranche.amount:.2f}", "currency": "MAD"},
            "paid_on": tranche.paid_on.isoformat() if tranche.paid_on else None,
            "payment_reference": tranche.payment_reference,
        }
    if entry.object_type == "grants.trancherequest":
        request = (
            TrancheRequest.objects.select_related("tranche__agreement")
            .filter(pk=entry.object_id)
            .first()
        )
        if request is None:
            return None
        agreement = request.tranche.agreement
        data = {
            "agreement": agreement.reference,
            "tranche_id": request.tranche_id,
            "tranche": request.tranche.number,
            "request_id": request.pk,
            "version": request.version,
            "status": request.tranche.status,
        }
        if entry.action in (
            "tranche_request.approve",
            "tranche_request.request_changes",
            "tranche_request.reject",
        ):
            data["decision"] = entry.action.split(".", 1)[1]
        return agreement, data
    return None


def _subscriptions(event: str):
    candidates = WebhookSubscription.objects.filter(
        active=True, client__revoked_at__isnull=True
    ).select_related("client__acting_user", "client__organisation")
    return [s for s in candidates if event in s.events and s.client.is_active]


def _enqueue(subscription, event: str, data: dict, occurred_at) -> WebhookDelivery:
    from .tasks import deliver_webhook

    delivery = WebhookDelivery(subscription=subscription, event=event)
    delivery.payload = {
        "id": str(delivery.event_id),
        "type": event,
        "created_at": occurred_at.isoformat(),
        "data": data,
    }
    delivery.save()
    outbox.enqueue(deliver_webhook, kwargs={"delivery_id": delivery.pk})
    return delivery


def audit_entry_saved(sender, instance, created, **kwargs) -> None:
    """``post_save`` of grants' AuditLog, inside the service's transaction."""
    event = AUDIT_EVENTS.get(instance.action) if created else None
    if event is None:
        return
    try:
        subscriptions = _subscriptions(event)
        if not subscriptions:
            return
        found = _agreement_event_data(instance)
        if found is None:
            return
        agreement, data = found
        for subscription in subscriptions:
            if org_permissions.can_view_agreement(subscription.client.acting_user, agreement):
                _enqueue(subscription, event, data, instance.timestamp)
    except Exception:  # noqa: BLE001 - an event never undoes the change it tells about
        logger.exception("Webhook event for audit entry %s not queued", instance.pk)


def certificate_revoked(sender, *, certificate, by=None, **kwargs) -> None:
    """``certificates.signals.certificate_revoked``, inside the revocation's transaction."""
    from certificates.sponsors import certificate_funder

    try:
        subscriptions = _subscriptions(Event.CERTIFICATE_REVOKED)
        if not subscriptions:
            return
        data = {
            "code": certificate.code,
            "status": certificate.status,
            "revoked_on": certificate.revoked_at.date().isoformat()
            if certificate.revoked_at
            else None,
            "association": certificate.association_name_fr,
        }
        for subscription in subscriptions:
            if org_permissions.can_download_certificate(
                subscription.client.acting_user,
                certificate,
                sponsor_funder=lambda: certificate_funder(certificate),
            ):
                _enqueue(subscription, Event.CERTIFICATE_REVOKED, data, timezone.now())
    except Exception:  # noqa: BLE001 - an event never undoes the revocation
        logger.exception("Webhook event for certificate %s not queued", certificate.pk)


def connect_signals() -> None:
    """Called once from ``ApiConfig.ready()``."""
    from django.db.models.signals import post_save

    from certificates.signals import certificate_revoked as revoked
    from grants.models import AuditLog

    post_save.connect(audit_entry_saved, sender=AuditLog, dispatch_uid="api.webhooks.audit")
    revoked.connect(certificate_revoked, dispatch_uid="api.webhooks.certificate_revoked")


# --- Delivering -------------------------------------------------------------------------------


def body_bytes(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is the receiver's answer, never followed: it could point anywhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def send(url: str, body: bytes, headers: dict) -> int:
    """POST ``body``; the HTTP status (an error status is returned, not raised)."""
    try:
        webhook_url_check(url)
    except ValidationError as error:
        raise ValueError(f"webhook URL refused: {error.messages[0]}") from None
    _check_resolved(url)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - scheme checked above
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def webhook_delivery_attempt(*, delivery_id: int, final: bool = False) -> WebhookDelivery | None:
    """One attempt at posting a delivery; records its outcome. ``final``: no retry follows, so
    a failure marks it failed. Returns the delivery (None when it is gone or delivered)."""
    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None or delivery.status == WebhookDelivery.Status.DELIVERED:
        return None
    subscription = delivery.subscription
    body = body_bytes(delivery.payload)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Tamkeen-Event": delivery.event,
        "Tamkeen-Delivery": str(delivery.event_id),
        "Tamkeen-Timestamp": str(timestamp),
        "Tamkeen-Signature": f"t={timestamp},v1={signature(subscription.secret, timestamp, body)}",
    }
    status, error = None, ""
    try:
        status = send(subscription.url, body, headers)
    except (OSError, ValueError) as problem:
        error = f"{problem.__class__.__name__}: {problem}"[:300]
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    delivery.last_status_code = status
    delivery.last_error = error or ("" if status and 200 <= status < 300 else f"HTTP {status}")
    if status is not None and 200 <= status < 300:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = delivery.last_attempt_at
        delivery.last_error = ""
    else:
        delivery.status = (
            WebhookDelivery.Status.FAILED if final else WebhookDelivery.Status.RETRYING
        )
    delivery.save()
    return delivery
