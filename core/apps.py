from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Installed only so that its template tags load; core has no models."""

    name = "core"
    verbose_name = "Core"
