from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    """Learning the system inside it: the help centre (Markdown pages kept in the repository),
    the first-login tours and the admins' adoption figures."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "guide"
    verbose_name = _("Help")

    def ready(self):
        from guide import exporter  # noqa: F401 (registers the `adoption` export)
