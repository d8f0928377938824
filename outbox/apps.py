from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """Background jobs kept in the database until the broker has taken them."""

    name = "outbox"
    verbose_name = _("Outbox")
