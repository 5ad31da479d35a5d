"""Daily: the API's call log past API_CALL_RETENTION_DAYS goes (idempotent)."""

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from interchange.api.models import ApiCall


@shared_task
def purge_api_calls() -> int:
    cutoff = timezone.now() - dt.timedelta(days=settings.API_CALL_RETENTION_DAYS)
    removed, _by_model = ApiCall.objects.filter(at__lt=cutoff).delete()
    return removed
