from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from organisations import signals as organisations_signals

        from . import authoring
        from .services.scheduling import register_notification_kinds

        register_notification_kinds()

        organisations_signals.organisation_created.connect(
            authoring.organisation_created_receiver, dispatch_uid="courses.authoring.organisation"
        )
        organisations_signals.membership_granted.connect(
            authoring.membership_granted_receiver, dispatch_uid="courses.authoring.membership"
        )
