"""Running an export: at once for a small one, as a Celery job with a private file for a big one.

A job is claimed with a conditional UPDATE (pending → running), so a task delivered twice, or
the catch-up run racing the worker, writes the file once. The requester's permission is asked
again when the job runs and again at every download: a user who lost their role since asking
gets nothing. The services take the acting `actor` (core.actor.Actor): a job is a person's,
asked for through the same scope as the page (reports/scope.py); the worker runs it as the system.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.org.roles import Roles, roles_for_user
from core.actor import Actor
from core.queueing import enqueue_on_commit
from reports.exporters import Exporter, ParamError, exporter_class, resolve_params, write_workbook
from reports.models import ExportJob, ExportStatus, export_path
from reports.scope import require_scope

logger = logging.getLogger(__name__)


def stream_max_rows() -> int:
    """Exports up to this many rows are written during the request; bigger ones become jobs."""
    return int(getattr(settings, "REPORTS_STREAM_MAX_ROWS", 5000))


def download_ttl() -> dt.timedelta:
    return dt.timedelta(hours=int(getattr(settings, "REPORTS_EXPORT_TTL_HOURS", 24)))


def actor_name(user) -> str:
    """Who generated a file, for its cover sheet: the employee's name and NIP, else the login."""
    employee = getattr(user, "employee", None)
    if employee is not None:
        return f"{employee.full_name} ({employee.nip})"
    return user.get_username()


def build_exporter(roles: Roles, identifier: str, params: dict) -> Exporter:
    """The exporter for these stored parameters, if the roles still allow it: 403 without a
    report role or for an export above the scope, 404 for an OPD outside it, ParamError when
    the cycle or period has gone."""
    scope = require_scope(roles)
    cls = exporter_class(identifier)
    if not cls.allowed_for(scope):
        raise PermissionDenied
    resolved = resolve_params(
        cls,
        scope,
        year=params.get("year"),
        opd_code=params.get("opd") or "",
        period=params.get("period"),
        month=params.get("month"),
    )
    return cls(resolved, scope)


def export_job_create(exporter: Exporter, rows_total: int, *, actor: Actor) -> ExportJob:
    """An export too big for the request becomes the acting person's job: recorded, and handed
    to Celery once the row is committed (ids, not instances). The person must still have a
    report scope that allows this export (require_scope and allowed_for, as the page); the
    system asks for no exports (a job's file is its requester's alone)."""
    from reports.tasks import run_export

    if actor.is_system or not exporter.allowed_for(require_scope(actor.roles)):
        raise PermissionDenied
    job = ExportJob.objects.create(
        exporter=exporter.identifier,
        params=exporter.params.as_json(),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        requested_by=actor.user,
        rows_total=rows_total,
    )
    enqueue_on_commit(run_export, job.pk)
    return job


def export_job_run(job_id: int, *, actor: Actor) -> ExportJob | None:
    """Write the job's file (the worker, as the system `actor`, with the requester's permission
    asked again); None when another run has it already (or it is not pending)."""
    now = timezone.now()
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportStatus.PENDING).update(
        status=ExportStatus.RUNNING, started_at=now
    )
    if not claimed:
        return None
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    language = job.language or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            exporter = build_exporter(roles_for_user(job.requested_by), job.exporter, job.params)
            with tempfile.TemporaryFile() as stream:
                rows = write_workbook(
                    exporter,
                    stream,
                    generated_by=actor_name(job.requested_by),
                    progress=lambda done: ExportJob.objects.filter(pk=job_id).update(
                        rows_done=done
                    ),
                )
                stream.seek(0)
                name = default_storage.save(export_path(job, ""), File(stream))
    except (PermissionDenied, Http404, ParamError) as error:
        with translation.override(language):
            message = str(error) if isinstance(error, ParamError) else ""
            message = message or _("You may no longer make this export.")
        _fail(job_id, message)
        return None
    except Exception:
        logger.exception("export job %s failed (%r)", job_id, actor)
        with translation.override(language):
            _fail(job_id, _("The export failed. Try again, or tell the BKD if it fails again."))
        return None
    finished = timezone.now()
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportStatus.DONE,
        file=name,
        filename=exporter.filename(),
        rows_done=rows,
        rows_total=max(rows, job.rows_total),
        finished_at=finished,
        expires_at=finished + download_ttl(),
    )
    job.refresh_from_db()
    return job


def _fail(job_id: int, message: str) -> None:
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportStatus.FAILED, error=message, finished_at=timezone.now()
    )


def is_expired(job: ExportJob) -> bool:
    return job.status == ExportStatus.EXPIRED or (
        job.expires_at is not None and job.expires_at <= timezone.now()
    )


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete the files of expired jobs (personal data: kept no longer than the link works)."""
    now = now or timezone.now()
    purged = 0
    for job in ExportJob.objects.filter(status=ExportStatus.DONE, expires_at__lte=now):
        if job.file:
            default_storage.delete(job.file.name)
        # Conditional: a concurrent purge counts a job once.
        purged += ExportJob.objects.filter(pk=job.pk, status=ExportStatus.DONE).update(
            status=ExportStatus.EXPIRED, file=""
        )
    return purged


def stale_pending(now: dt.datetime | None = None) -> list[int]:
    """Jobs still waiting a few minutes after they were asked for: their enqueue was lost."""
    now = now or timezone.now()
    return list(
        ExportJob.objects.filter(
            status=ExportStatus.PENDING, created_at__lte=now - dt.timedelta(minutes=2)
        ).values_list("pk", flat=True)
    )
