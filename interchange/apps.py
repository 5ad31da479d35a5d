from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterchangeConfig(AppConfig):
    name = "interchange"
    verbose_name = _("Interchange")

    def ready(self) -> None:
        from appraisal.extensions import reporting_line_checks
        from interchange.siasn import exporter  # noqa: F401 (registers the SIASN status export)
        from interchange.siasn.checks import SIASN_CHECK

        # After appraisal's own checks (its app is loaded first).
        reporting_line_checks.register(SIASN_CHECK)
