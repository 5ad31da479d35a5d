"""The organisation's daily job (config/celery.py's beat schedule): thin, the work is in services."""

from celery import shared_task
from django.utils import timezone

from accounts.org import services
from core.actor import Actor

SCHEDULER = Actor.system("scheduled transfers (mutasi) take effect")


@shared_task
def transfers_take_effect() -> int:
    """Daily: scheduled mutasi whose TMT has come take effect; returns how many. A second run
    finds nothing left (idempotent)."""
    return services.transfers_take_effect(timezone.localdate(), actor=SCHEDULER)
