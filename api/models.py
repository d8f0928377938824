"""API clients (one token each, only its SHA-256 stored), webhook subscriptions and the
deliveries of their events."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.append_only import AppendOnlyModel
from core.crypto import FieldCipher

from .scopes import SCOPES

# The webhook secrets are kept encrypted at rest (a receiver needs the same secret, so they
# cannot be hashed): API_WEBHOOK_ENCRYPTION_KEY, in dev and tests a key derived from SECRET_KEY.
WEBHOOK_SECRET_CIPHER = FieldCipher("API_WEBHOOK_ENCRYPTION_KEY", fallback_salt="api-webhooks")


class ApiClient(models.Model):
    """A system of an organisation that calls the API. It acts as ``acting_user``: every
    permission rule of the pages applies to that person, and the scopes narrow it further."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="api_clients",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=100)
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("acts as"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    scopes = models.JSONField(_("scopes"), default=list)
    # The token itself is shown once; only its SHA-256 and its first characters stay.
    token_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(_("token starts with"), max_length=16, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["organisation", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.token_prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return not self.is_revoked and not self.is_expired

    def scope_labels(self) -> list[tuple[str, str]]:
        return [(scope, SCOPES.get(scope, scope)) for scope in self.scopes]


class WebhookSubscription(models.Model):
    """An URL of a client that receives some events, signed with the subscription's secret."""

    class Event(models.TextChoices):
        REQUEST_SUBMITTED = "tranche_request.submitted", _("Tranche request submitted")
        DECISION_TAKEN = "tranche_request.decided", _("Decision taken on a tranche request")
        PAYMENT_RECORDED = "tranche.paid", _("Payment recorded")
        CERTIFICATE_REVOKED = "certificate.revoked", _("Certificate revoked")

    client = models.ForeignKey(
        ApiClient, on_delete=models.CASCADE, related_name="webhooks", verbose_name=_("client")
    )
    url = models.URLField(_("receiver URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    secret_encrypted = models.TextField(editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["client", "pk"]

    def __str__(self) -> str:
        return self.url

    @property
    def secret(self) -> str:
        return WEBHOOK_SECRET_CIPHER.decrypt(self.secret_encrypted)

    @secret.setter
    def secret(self, value: str) -> None:
        self.secret_encrypted = WEBHOOK_SECRET_CIPHER.encrypt(value)


class WebhookDelivery(models.Model):
    """One event for one subscription, with the outcome of its last attempt."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        RETRYING = "retrying", _("Retrying")
        FAILED = "failed", _("Failed")

    subscription = models.ForeignKey(
        WebhookSubscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscription"),
    )
    event_id = models.UUIDField(default=uuid.uuid4, editable=False)
    event = models.CharField(_("event"), max_length=40)
    payload = models.JSONField(_("payload"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_id"], name="webhook_delivery_unique_event"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription_id} ({self.status})"


class ApiCallLog(AppendOnlyModel):
    """Each write and each read of personal data made through the API, and each change of a
    client (created, revoked): who (the client and the person it acts as), what, the answer."""

    append_only_message = _("The API log cannot be changed.")

    client = models.ForeignKey(
        ApiClient, on_delete=models.CASCADE, related_name="calls", verbose_name=_("client")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=60)
    method = models.CharField(max_length=8, blank=True)
    path = models.CharField(max_length=300, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True)
    details = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("API log entry")
        verbose_name_plural = _("API log")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
