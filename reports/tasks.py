"""Celery tasks of the reports app: thin, taking ids, enqueued after commit by the callers."""

from celery import shared_task

from core.actor import Actor
from reports import services

WORKER = Actor.system("export job")


@shared_task
def run_export(job_id: int) -> str:
    """Write one export job's file (a second delivery finds the job claimed and does nothing)."""
    job = services.export_job_run(job_id, actor=WORKER)
    return job.status if job is not None else "skipped"


@shared_task
def resume_pending_exports() -> int:
    """Every few minutes: run the jobs whose enqueue was lost (a broker that was down)."""
    ids = services.stale_pending()
    for job_id in ids:
        services.export_job_run(job_id, actor=WORKER)
    return len(ids)


@shared_task
def purge_expired_exports() -> int:
    """Hourly: delete the files of exports whose download link has expired."""
    return services.purge_expired()
