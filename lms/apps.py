from django.apps import AppConfig


class LmsConfig(AppConfig):
    """The project package as an app: cross-cutting commands and template tags."""

    name = "lms"
    verbose_name = "Tamkeen"

    def ready(self):
        from lms import pagecache

        pagecache.connect_signals()
