from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppraisalConfig(AppConfig):
    name = "appraisal"
    verbose_name = _("Appraisal")

    def ready(self) -> None:
        from accounts.events import employees_transferred

        employees_transferred.connect(_split_skps_on_transfer, dispatch_uid="appraisal-mutasi")


def _split_skps_on_transfer(sender, employee_ids, on, **kwargs) -> None:
    from appraisal.services.skp_flow import skp_split_for_transfer

    for employee_id in employee_ids:
        skp_split_for_transfer(employee_id, on)
