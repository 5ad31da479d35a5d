"""Celery application and its beat schedule, in code (times are in the agency's TIME_ZONE)."""

import os

from celery import Celery
from celery.schedules import crontab
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("kinerja")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Tasks of sub-domain packages (an app's own tasks.py is found by the line above).
app.autodiscover_tasks(
    [
        "accounts.org",
        "accounts.logins",
        "accounts.importing",
        "accounts.verification",
        "reports.privacy",
        "interchange.api",
        "interchange.siasn",
    ]
)
_reminder_hour, _reminder_minute = (int(p) for p in settings.REMINDER_TIME.split(":"))
app.conf.beat_schedule = {
    "daily-reminders": {
        "task": "notifications.tasks.daily_reminders",
        "schedule": crontab(hour=_reminder_hour, minute=_reminder_minute),
    },
    # Makes up for a day the worker or the broker was down, and sends e-mails left pending.
    "hourly-reminder-catch-up": {
        "task": "notifications.tasks.catch_up_reminders",
        "schedule": crontab(minute=(_reminder_minute + 30) % 60),
    },
    # Exports: files past their download time are deleted; jobs whose enqueue was lost run.
    "purge-expired-exports": {
        "task": "reports.tasks.purge_expired_exports",
        "schedule": crontab(minute=15),
    },
    "resume-pending-exports": {
        "task": "reports.tasks.resume_pending_exports",
        "schedule": crontab(minute="*/5"),
    },
    # A mutasi recorded ahead of its TMT takes effect on its day (idempotent), before the
    # reminders so they already name the new post's appraisers.
    "scheduled-transfers": {
        "task": "accounts.org.tasks.transfers_take_effect",
        "schedule": crontab(hour=0, minute=5),
    },
    # Uploaded workbooks hold personal data: keep them no longer than the import needs them.
    "purge-import-files": {
        "task": "accounts.importing.tasks.purge_import_files",
        "schedule": crontab(hour=2, minute=30),
    },
    # Personal data past its RETENTION_* period (UU 27/2022); idempotent, so a rerun is harmless.
    "purge-personal-data": {
        "task": "reports.privacy.tasks.purge_personal_data",
        "schedule": crontab(hour=3, minute=15),
    },
    # Final results not yet in SIASN, or changed since (does nothing unless SIASN_PUSH_ENABLED).
    "siasn-push-pending": {
        "task": "interchange.siasn.tasks.push_pending",
        "schedule": crontab(minute="*/30"),
    },
    # SIASN's organisation read into an import preview for the admin BKD to confirm (does
    # nothing unless SIASN_PULL_NIGHTLY).
    "siasn-pull-nightly": {
        "task": "interchange.siasn.tasks.pull_nightly",
        "schedule": crontab(hour=1, minute=40),
    },
    # The API's call log past API_CALL_RETENTION_DAYS.
    "purge-api-calls": {
        "task": "interchange.api.tasks.purge_api_calls",
        "schedule": crontab(hour=3, minute=45),
    },
}
