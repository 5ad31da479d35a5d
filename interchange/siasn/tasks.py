"""Pushing results to SIASN in the background: one task per result (taking its id, rate-limited,
retried with backoff while SIASN is unreachable), and a periodic pass that finds the results to
send: never sent, not sent successfully, or changed since (an objection decided)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.db.models import F, Q

from appraisal.choices import EvaluationStatus
from appraisal.evaluation.models import Evaluation
from interchange.siasn import push
from interchange.siasn.client import SiasnClient, SiasnUnavailable, configured
from interchange.siasn.models import PushState

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(SiasnUnavailable,),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=6,
    rate_limit=settings.SIASN_PUSH_RATE,
)
def push_result(self, evaluation_id: int) -> str:
    """Idempotent: an unchanged result already sent is not sent again (push.result_push)."""
    evaluation = (
        push.results_queryset().filter(pk=evaluation_id, status=EvaluationStatus.FINALISED).first()
    )
    if evaluation is None or not configured():
        return "skipped"
    with SiasnClient() as client:
        return push.result_push(evaluation, client).state


def to_push():
    """Final results whose last push did not succeed, or that changed after it."""
    return Evaluation.objects.filter(status=EvaluationStatus.FINALISED).filter(
        Q(siasn_push__isnull=True)
        | ~Q(siasn_push__state=PushState.SENT)
        | Q(updated_at__gt=F("siasn_push__checked_at"))
    )


@shared_task
def push_pending() -> int:
    """The periodic pass (beat, when SIASN_PUSH_ENABLED): one task per result to send, at most
    SIASN_PUSH_BATCH per pass so a first run over a province spreads over several passes."""
    if not (settings.SIASN_PUSH_ENABLED and configured()):
        return 0
    with SiasnClient() as client:
        check = push.reference_check(client)
    if not check.ok:  # a code of ours would mean something else at SIASN: send nothing
        logger.warning("SIASN push stopped: reference lists differ: %s", check.differences)
        return 0
    ids = list(to_push().order_by("pk").values_list("pk", flat=True)[: settings.SIASN_PUSH_BATCH])
    for evaluation_id in ids:
        push_result.delay(evaluation_id)
    logger.info("SIASN push pass: %s results queued", len(ids))
    return len(ids)
