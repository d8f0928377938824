"""Posting webhook deliveries, retried with exponential backoff (queue ``default``)."""

from celery import shared_task

MAX_RETRIES = 6  # about 30 s, 1, 2, 4, 8, 16 min (with jitter), then failed


class DeliveryFailed(Exception):
    pass


@shared_task(
    name="api.tasks.deliver_webhook",
    bind=True,
    acks_late=True,
    autoretry_for=(DeliveryFailed,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
)
def deliver_webhook(self, delivery_id: int) -> str | None:
    from .models import WebhookDelivery
    from .webhooks import webhook_delivery_attempt

    final = self.request.retries >= MAX_RETRIES
    delivery = webhook_delivery_attempt(delivery_id=delivery_id, final=final)
    if delivery is None:
        return None
    if delivery.status == WebhookDelivery.Status.RETRYING:
        raise DeliveryFailed(delivery.last_error)
    return delivery.status
