"""What the reminder run asks of the apps above it (core.extensions; filled in their ready())."""

from __future__ import annotations

from dataclasses import dataclass

from core.extensions import ExtensionPoint


@dataclass(frozen=True)
class ReminderKind:
    """A kind of reminder a source writes: its name (stored on each marker, printed by
    send_reminders) and its label on the admin page."""

    name: str
    label: str


reminder_sources = ExtensionPoint(
    "notifications.reminder_sources",
    "(plan: ReminderPlan) -> iterator of DueReminder: who must act before which deadline. Filled "
    "by appraisal.reminders (plans, realisations, evaluations, objections, results) and "
    "feedback.survey (360 answers).",
)

reminder_kinds = ExtensionPoint(
    "notifications.reminder_kinds",
    "ReminderKind values: every kind the sources write, so a pass prints a line for each (zero "
    "included) and the admin page names them. Filled by the apps registering reminder_sources.",
)
