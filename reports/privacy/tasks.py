"""The daily retention run (config/celery.py's beat schedule): thin, the work is in services."""

from celery import shared_task

from core.actor import Actor
from reports.privacy import services

PURGER = Actor.system("retention of personal data")


@shared_task
def purge_personal_data() -> int:
    """Daily: remove the personal data past its RETENTION_* period; returns how much went.
    A second run finds nothing left (idempotent)."""
    report = services.personal_data_purge(actor=PURGER)
    return report.removed
