from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Installed so that its template tags load and its system checks register; no models."""

    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import checks  # noqa: F401  (registers the checks)
