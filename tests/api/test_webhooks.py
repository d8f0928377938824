"""Signed webhooks: a payment recorded becomes a delivery a receiver can verify; failed
attempts are retried and recorded; a failing receiver never fails the user's request."""

import hashlib
import hmac
import json
import time
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core.exceptions import ValidationError
from django.utils import timezone

from api.models import WebhookDelivery
from api.tasks import MAX_RETRIES, deliver_webhook
from api.webhooks import webhook_delivery_attempt, webhook_subscribe
from grants.services import tranche_payment_record

from ..factories.api import api_client
from ..factories.organisations import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


def receiver_verifies(secret: str, headers: dict, body: bytes, tolerance=300) -> bool:
    """What a receiver does, written from the API documentation alone."""
    fields = dict(part.split("=", 1) for part in headers["Tamkeen-Signature"].split(","))
    timestamp = int(fields["t"])
    if abs(time.time() - timestamp) > tolerance:
        return False
    expected = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, fields["v1"])


@pytest.fixture
def subscription(funder, finance, agreement):
    client, _token = api_client(funder, finance, "webhooks:manage")
    return webhook_subscribe(
        client=client,
        url="https://receiver.example.org/hooks",
        events=["tranche.paid", "certificate.revoked"],
        by=client.created_by,
    )


def _pay(agreement, finance):
    return tranche_payment_record(
        tranche=agreement.tranches.get(number=1),
        by=finance,
        paid_on=timezone.localdate(),
        reference="VIR-W",
    )


def test_a_payment_is_delivered_signed_and_the_receiver_verifies_it(
    subscription, agreement, finance, django_capture_on_commit_callbacks
):
    subscription, secret = subscription
    sent = []
    with (
        mock.patch(
            "api.webhooks.send",
            side_effect=lambda url, body, headers: sent.append((url, body, headers)) or 200,
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _pay(agreement, finance)
    assert len(sent) == 1
    url, body, headers = sent[0]
    assert url == "https://receiver.example.org/hooks"
    assert receiver_verifies(secret, headers, body)
    assert not receiver_verifies("whsec_wrong", headers, body)
    assert not receiver_verifies(secret, headers, body + b" ")
    payload = json.loads(body)
    assert payload["type"] == "tranche.paid" == headers["Tamkeen-Event"]
    assert payload["data"]["agreement"] == agreement.reference
    assert payload["data"]["amount"] == {"amount": "100000.00", "currency": "MAD"}
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "delivered" and delivery.attempts == 1
    assert str(delivery.event_id) == headers["Tamkeen-Delivery"] == payload["id"]


def test_a_failed_attempt_is_retried_then_marked_failed(subscription, agreement, finance):
    subscription, _secret = subscription
    with mock.patch("api.tasks.deliver_webhook.apply_async"):
        _pay(agreement, finance)
    delivery = WebhookDelivery.objects.get()
    with mock.patch("api.webhooks.send", side_effect=OSError("connection refused")):
        webhook_delivery_attempt(delivery_id=delivery.pk)
        delivery.refresh_from_db()
        assert delivery.status == "retrying" and delivery.attempts == 1
        assert "connection refused" in delivery.last_error
    with mock.patch("api.webhooks.send", return_value=500):
        webhook_delivery_attempt(delivery_id=delivery.pk, final=True)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.last_status_code == 500
    assert delivery.attempts == 2


def test_the_task_retries_with_backoff_until_it_gives_up(subscription, agreement, finance):
    assert deliver_webhook.autoretry_for and deliver_webhook.retry_backoff == 30
    assert deliver_webhook.max_retries == MAX_RETRIES
    with mock.patch("api.tasks.deliver_webhook.apply_async"):
        _pay(agreement, finance)
    delivery = WebhookDelivery.objects.get()
    with mock.patch("api.webhooks.send", return_value=503):
        with pytest.raises(Retry):
            deliver_webhook.apply(kwargs={"delivery_id": delivery.pk})
        delivery.refresh_from_db()
        assert delivery.status == "retrying" and delivery.attempts == 1
        deliver_webhook.apply(kwargs={"delivery_id": delivery.pk}, retries=MAX_RETRIES)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.attempts == 2
    assert delivery.last_status_code == 503


def test_a_failing_receiver_never_fails_the_payment(
    subscription, agreement, finance, django_capture_on_commit_callbacks
):
    with (
        mock.patch("api.webhooks.send", side_effect=OSError("down")),
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        tranche = _pay(agreement, finance)
    assert tranche.status == "paid"
    assert WebhookDelivery.objects.get().status == "pending"
    assert callbacks  # published only after the commit, by a worker


def test_a_client_that_may_not_see_the_agreement_gets_no_delivery(agreement, finance):
    other = OrganisationFactory(funder=True)
    client, _token = api_client(other, member_of(other, "finance"), "webhooks:manage")
    webhook_subscribe(
        client=client, url="https://x.example.org/", events=["tranche.paid"], by=client.created_by
    )
    with mock.patch("api.tasks.deliver_webhook.apply_async"):
        _pay(agreement, finance)
    assert not WebhookDelivery.objects.exists()


def test_a_client_lists_its_own_deliveries_through_the_api(client, agreement, finance, funder):
    from .conftest import bearer

    api, token = api_client(funder, finance, "webhooks:manage")
    webhook_subscribe(
        client=api, url="https://r.example.org/", events=["tranche.paid"], by=api.created_by
    )
    _other, other_token = api_client(funder, finance, "webhooks:manage")
    with mock.patch("api.tasks.deliver_webhook.apply_async"):
        _pay(agreement, finance)
    items = client.get("/api/v1/webhooks/deliveries", **bearer(token)).json()["items"]
    assert [(i["event"], i["status"], i["attempts"]) for i in items] == [
        ("tranche.paid", "pending", 0)
    ]
    other = client.get("/api/v1/webhooks/deliveries", **bearer(other_token)).json()["items"]
    assert other == []


def test_a_revoked_certificate_is_an_event_for_its_associations_client(db):
    from certificates.services import certificate_revoke

    from ..factories.accounts import UserFactory
    from ..factories.certificates import issued_certificate

    certificate = issued_certificate()
    admin = member_of(certificate.association, "admin")
    client, _token = api_client(certificate.association, admin, "webhooks:manage")
    webhook_subscribe(
        client=client,
        url="https://r.example.org/",
        events=["certificate.revoked"],
        by=client.created_by,
    )
    with mock.patch("api.tasks.deliver_webhook.apply_async"):
        certificate_revoke(
            certificate=certificate, by=UserFactory(is_superuser=True), reason="Erreur"
        )
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "certificate.revoked"
    assert delivery.payload["data"]["code"] == certificate.code
    assert delivery.payload["data"]["status"] == "revoked"
    assert "holder" not in json.dumps(delivery.payload)


@pytest.mark.parametrize(
    "url",
    [
        "http://receiver.example.org/hooks",
        "https://127.0.0.1/hooks",
        "https://10.1.2.3/hooks",
        "https://[::1]/hooks",
        "https://169.254.169.254/latest/meta-data",
        "https://localhost/hooks",
        "ftp://receiver.example.org/hooks",
    ],
)
def test_production_refuses_http_and_private_receivers(funder, finance, url, settings):
    settings.API_WEBHOOK_ALLOW_HTTP = False
    settings.API_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    client, _token = api_client(funder, finance, "webhooks:manage")
    with pytest.raises(ValidationError):
        webhook_subscribe(client=client, url=url, events=["tranche.paid"], by=client.created_by)
    assert not client.webhooks.exists()


def test_a_name_resolving_to_a_private_address_is_not_posted_to(monkeypatch, settings):
    from api import webhooks

    settings.API_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    monkeypatch.setattr(
        webhooks.socket, "getaddrinfo", lambda host, port: [(2, 1, 6, "", ("10.0.0.5", port))]
    )
    with pytest.raises(ValueError, match="non-public"):
        webhooks.send("https://receiver.example.org/hooks", b"{}", {})


def test_a_redirect_is_answered_not_followed():
    from api import webhooks

    handler = webhooks._NoRedirect()
    assert handler.redirect_request(None, None, 302, "Found", {}, "http://10.0.0.1/") is None
