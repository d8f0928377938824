from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Open interface")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import webhooks

        webhooks.connect_signals()
