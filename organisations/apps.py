from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from accounts.profile_sections import register

        from .selectors import memberships_for_user

        # "My organisations" on the profile page, with a link to the people page for admins.
        register(
            "memberships",
            template="organisations/profile_memberships.html",
            data=lambda user: {"memberships": memberships_for_user(user=user)},
            order=10,
        )
