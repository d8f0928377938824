from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer: no model of its own yet, only helpers and template filters."""

    name = "core"
    verbose_name = "Tamkeen core"
