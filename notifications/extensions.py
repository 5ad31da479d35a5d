"""What the reminder run asks of the apps above it (core.extensions; filled in their ready())."""

from core.extensions import ExtensionPoint

reminder_sources = ExtensionPoint(
    "notifications.reminder_sources",
    "(plan: ReminderPlan) -> iterator of DueReminder: who must act before which deadline. Filled "
    "by appraisal.reminders (plans, realisations, evaluations, objections, results) and "
    "feedback.survey (360 answers).",
)
