from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = _("Calls for proposals")

    def ready(self):
        from . import notifications, panels

        notifications.register()
        panels.register()
