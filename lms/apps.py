from django.apps import AppConfig


class LmsConfig(AppConfig):
    """The project package as an app: cross-cutting commands and template tags."""

    name = "lms"
    verbose_name = "Tamkeen"

    def ready(self):
        from django.conf import settings

        from lms import embedded, pagecache

        # Before any command or request opens the SQLite file, a cache folder or the queue.
        embedded.ensure_folders(settings)

        pagecache.connect_signals()
        from django.apps import apps

        if apps.is_installed("demo"):  # dev and test settings only
            from demo.signals import data_seeded

            data_seeded.connect(pagecache.forget_generation, dispatch_uid="lms.demo_seeded")

        from allauth.mfa import signals as mfa_signals

        from lms.middleware import mark_second_factor_set_up

        mfa_signals.authenticator_added.connect(
            mark_second_factor_set_up, dispatch_uid="lms.second_factor_set_up"
        )
