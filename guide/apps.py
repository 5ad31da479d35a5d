from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    """Learning the system inside it: the help centre (Markdown pages kept in the repository)
    and the first-login tour."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "guide"
    verbose_name = _("Help")
