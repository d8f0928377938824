from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo and benchmark data (``seed_demo``), installed in dev and test settings only."""

    name = "demo"
    verbose_name = "Demo data"
