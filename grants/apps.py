from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants")

    def ready(self):
        from certificates import sponsors
        from certificates.signals import certificate_revoked

        from . import (
            audit,
            dashboard,
            panels_budgets,
            panels_followup,
            panels_programmes,
            retention,
            selectors,
        )

        # Imported: their panels and the import files' retention rule register.
        del panels_budgets, panels_followup, panels_programmes, retention

        dashboard.connect_signals()
        # What grants tells people at each step (grants/notifications.py).
        from . import notifications as grants_notifications

        grants_notifications.register()
        # A certificate names the funder and counts for the agreement of the day it is issued.
        sponsors.register(selectors.certificate_sponsor)
        certificate_revoked.connect(
            audit.certificate_revoked_receiver, dispatch_uid="grants.audit.certificate_revoked"
        )
