from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TppConfig(AppConfig):
    name = "tpp"
    verbose_name = _("TPP")

    def ready(self) -> None:
        from tpp.months import exporter  # noqa: F401 (registers the `tpp` export)
