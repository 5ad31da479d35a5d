"""Celery application and its beat schedule, in code (times are in the agency's TIME_ZONE)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("kinerja")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.beat_schedule = {
    # Uploaded workbooks hold personal data: keep them no longer than the import needs them.
    "purge-import-files": {
        "task": "accounts.tasks.purge_import_files",
        "schedule": crontab(hour=2, minute=30),
    },
}
