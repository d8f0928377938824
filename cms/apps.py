from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site pages")

    def ready(self):
        # Wagtail's admin exports (explorer, reports, site history) go through the project's
        # formula guard like every other export (core/exports.py explains why this way).
        from core.exports import guard_wagtail_exports

        guard_wagtail_exports()
