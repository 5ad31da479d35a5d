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
        try:
            return push.result_push(evaluation, client).state
        except SiasnUnavailable:
            if self.request.is_eager:  # no worker to try later: the status page says it failed
                return PushState.FAILED
            raise


def to_push():
    """Final results whose last push did not succeed, or that changed after it."""
    return Evaluation.objects.filter(
        status=EvaluationStatus.FINALISED, skp__cycle__practice=False
    ).filter(
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
    # Never tried first, then the longest untried: results that keep failing cannot hold the
    # batch against the others.
    order = (F("siasn_push__checked_at").asc(nulls_first=True), "pk")
    ids = list(to_push().order_by(*order).values_list("pk", flat=True)[: settings.SIASN_PUSH_BATCH])
    for evaluation_id in ids:
        push_result.delay(evaluation_id)
    logger.info("SIASN push pass: %s results queued", len(ids))
    return len(ids)


@shared_task
def pull_organisation(
    user_id: int | None, opd_code: str = "", nips: list[str] | None = None
) -> str:
    """Read SIASN's organisation and prepare the import of what differs (pull.pull_preview), as
    the admin BKD who asked, or as the system for the nightly pull; the public id of the pull."""
    from django.contrib.auth import get_user_model

    from accounts.importing import script_actor
    from accounts.org.roles import actor_of_user
    from interchange.siasn.pull import pull_preview

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    actor = actor_of_user(user) if user is not None else script_actor()
    if not configured():
        return ""
    pull = pull_preview(actor, opd_code=opd_code, extra_nips=nips or [])
    logger.info("SIASN pull %s: %s %s", pull.public_id, pull.state, pull.counts)
    return str(pull.public_id)


@shared_task
def pull_nightly() -> str:
    """The nightly pull (beat, when SIASN_PULL_NIGHTLY): a preview waiting for the admin BKD,
    never applied by itself."""
    if not settings.SIASN_PULL_NIGHTLY:
        return ""
    return pull_organisation(None)
