from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback")

    def ready(self) -> None:
        from accounts.extensions import DemoSeeder, demo_seeders
        from appraisal import extensions as appraisal_pages
        from feedback.coaching import panels as coaching
        from feedback.demo import seed_feedback
        from feedback.public import panels as public
        from feedback.survey import panels as survey
        from feedback.survey.reminders import KIND as SURVEY_KIND
        from feedback.survey.reminders import due_reminders as survey_reminders
        from feedback.threads import panels as threads
        from notifications.extensions import ReminderKind, reminder_kinds, reminder_sources

        demo_seeders.register(DemoSeeder("Umpan balik", seed_feedback))
        reminder_sources.register(survey_reminders)
        reminder_kinds.register(ReminderKind(SURVEY_KIND, _("360 respondents: input not answered")))
        # Evidence on the appraisal pages, in this order: threads, coaching, 360, public.
        appraisal_pages.realisation_panels.register(threads.realisation)
        appraisal_pages.objection_panels.register(threads.objection)
        appraisal_pages.progress_feedback.register(threads.last_feedback)
        for part in (threads, coaching, survey, public):
            appraisal_pages.evaluation_panels.register(part.evaluation)
