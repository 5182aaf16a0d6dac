from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Installed only for its management commands (``secretariat documents demo``,
    ``secretariat press demo``): no models."""

    name = "secretariat.demo"
    label = "demo"
    verbose_name = "Demo data"
