from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppraisalConfig(AppConfig):
    name = "appraisal"
    verbose_name = _("Appraisal")

    def ready(self) -> None:
        from accounts import extensions as org
        from appraisal import extensions as plans
        from appraisal.demo.cycles import seed_cycles
        from appraisal.evaluation.services import evaluations_carry_over
        from appraisal.home import diagnostics_figure, employee_tasks, progress_card
        from appraisal.monitoring.checks import CHECKS
        from appraisal.plans.services.flow import skps_split_for_transfer
        from appraisal.realisation.services import realisations_carry_over
        from appraisal.reminders.sources import due_reminders
        from appraisal.reminders.texts import KINDS
        from notifications.extensions import reminder_kinds, reminder_sources

        org.home_tasks.register(employee_tasks)
        org.home_cards.register(progress_card)
        org.admin_home_figures.register(diagnostics_figure)
        org.employees_transferred.register(skps_split_for_transfer)
        org.demo_seeders.register(org.DemoSeeder("Siklus dan SKP", seed_cycles))
        reminder_sources.register(due_reminders)
        for kind in KINDS:
            reminder_kinds.register(kind)
        # A revised plan takes over what the year recorded on the one it replaces.
        plans.revision_approved.register(realisations_carry_over)
        plans.revision_approved.register(evaluations_carry_over)
        # The reporting-line diagnostics: the organisation, the PPK's plan, broken links (an app
        # above adds its own check after these).
        for check in CHECKS:
            plans.reporting_line_checks.register(check)
