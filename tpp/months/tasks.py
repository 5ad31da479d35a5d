"""The month for every OPD, as a Celery task that reports its progress on its Run."""

from __future__ import annotations

from celery import shared_task
from django.db.models import F
from django.utils import timezone

from accounts.org.roles import actor_of_user
from accounts.org.selectors import active_opds
from core.actor import Actor
from core.errors import DomainError
from tpp.choices import MonthState
from tpp.months.models import Month, Run
from tpp.months.services import month_compute


@shared_task
def compute_run(run_id: int) -> None:
    """Compute each OPD's month in turn; a locked OPD's month is left as it is and noted.
    Idempotent: run again, it computes the open months again from the same inputs."""
    run = Run.objects.select_related("started_by").get(pk=run_id)
    actor = actor_of_user(run.started_by) if run.started_by else Actor.system("TPP run")
    locked = set(
        Month.objects.filter(year=run.year, month=run.month, state=MonthState.LOCKED).values_list(
            "opd_id", flat=True
        )
    )
    errors = []
    for opd in active_opds():
        if opd.pk in locked:
            errors.append([opd.code, "locked"])
        else:
            try:
                month_compute(run.year, run.month, opd, actor=actor)
            except DomainError as error:
                errors.append([opd.code, str(error)])
        Run.objects.filter(pk=run.pk).update(opd_done=F("opd_done") + 1)
    Run.objects.filter(pk=run.pk).update(errors=errors, finished_at=timezone.now())
