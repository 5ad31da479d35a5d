"""EmployeeImport records: who may see one, saving an upload, confirming it, forgetting files.

The record keeps the uploaded file privately (MEDIA_ROOT/imports/) so the confirmation re-reads
exactly what was previewed; the confirm step claims the record with a conditional UPDATE so two
clicks (or two admins) cannot apply it twice. Whether the file was declared complete (removing the
employees of its OPDs it does not list) is kept in the summary under "complete", so the
confirmation applies the option that was previewed. The file holds personal data, so it is kept
only while the import waits for confirmation, and at most FILE_RETENTION_DAYS: the record, its
summary and preview rows stay. A preview nobody confirmed within IMPORT_PREVIEW_TTL_HOURS has been
abandoned: it leaves the history at once, cannot be confirmed, and the daily purge deletes it.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.importing.apply import ImportStale, apply_rows
from accounts.importing.models import EmployeeImport, ImportStatus
from accounts.importing.plan import ImportPlan, ImportResult, preview_fingerprint
from accounts.importing.workbook import read_workbook
from accounts.org.policies import require_admin
from core.actor import Actor
from core.errors import DomainError

logger = logging.getLogger(__name__)
FILE_RETENTION_DAYS = 7

MAX_STORED_ERRORS = 1000


def _preview_cutoff() -> dt.datetime:
    """Previews created before this moment were abandoned (IMPORT_PREVIEW_TTL_HOURS)."""
    return timezone.now() - dt.timedelta(hours=settings.IMPORT_PREVIEW_TTL_HOURS)


def _abandoned() -> Q:
    return Q(status=ImportStatus.PREVIEWED, created_at__lt=_preview_cutoff())


def preview_expired(record: EmployeeImport) -> bool:
    """A preview left unconfirmed past IMPORT_PREVIEW_TTL_HOURS."""
    return record.status == ImportStatus.PREVIEWED and record.created_at < _preview_cutoff()


def imports_in_scope(roles) -> QuerySet[EmployeeImport]:
    """Imports an administrator may see: all for admin BKD, their own uploads for admin OPD;
    abandoned previews no longer (they are only waiting for the purge)."""
    require_admin(roles)
    records = (
        EmployeeImport.objects.select_related("uploaded_by").defer("rows").exclude(_abandoned())
    )
    if roles.is_admin_bkd:
        return records
    return records.filter(uploaded_by=roles.user)


def may_open_import(roles, record: EmployeeImport) -> bool:
    """An import is its uploader's, and every import is admin BKD's: to see and to confirm."""
    return roles.is_admin_bkd or record.uploaded_by_id == roles.user.pk


def import_for_view(roles, public_id) -> EmployeeImport:
    """One import: the uploader's or any for admin BKD; anyone else gets 404."""
    require_admin(roles)
    record = (
        EmployeeImport.objects.select_related("uploaded_by").filter(public_id=public_id).first()
    )
    if record is None or not may_open_import(roles, record) or preview_expired(record):
        raise Http404
    return record


def import_record_create(upload, plan: ImportPlan, name: str, *, actor: Actor) -> EmployeeImport:
    """Keep a validated upload for preview, as `actor`'s (the uploader; none for the system);
    the stored name is ours, not the user's."""
    record = EmployeeImport(
        uploaded_by=actor.user,
        original_name=name[:255],
        status=ImportStatus.PREVIEWED,
        summary=plan.summary(),
        rows=plan.preview_rows(),
    )
    record.file.save(f"{record.public_id}.xlsx", File(upload), save=False)
    record.save()
    return record


def record_is_complete(record: EmployeeImport) -> bool:
    """Whether the upload was declared the complete list of its OPDs."""
    return bool((record.summary or {}).get("complete"))


def _store_plan(record: EmployeeImport, plan: ImportPlan) -> None:
    record.summary = plan.summary()
    record.rows = plan.preview_rows()
    record.errors = plan.errors_as_dicts()[:MAX_STORED_ERRORS]
    record.status = ImportStatus.PREVIEWED if plan.ok else ImportStatus.FAILED
    record.save(update_fields=["summary", "rows", "errors", "status"])


def _file_gone() -> DomainError:
    return DomainError(_("The uploaded file is no longer available; upload it again."))


def _no_longer_passes() -> DomainError:
    return DomainError(_("The file no longer passes the checks; nothing was imported."))


def import_confirm(record: EmployeeImport, *, actor: Actor) -> ImportResult:
    """Apply a previewed import, as previewed: the uploader or admin BKD confirming it (the same
    may_open_import as the preview page; anyone else is refused).

    Reads the stored file once and validates it once, with the confirming actor's scope, inside
    the transaction that writes (apply_rows). If the outcome differs from the stored preview, the
    record gets the new preview and ImportStale is raised; new errors mark it failed and raise
    DomainError. Once applied, the stored file is deleted (after commit).
    """
    if not actor.is_system:
        require_admin(actor.roles)
        if not may_open_import(actor.roles, record):
            raise PermissionDenied
    if record.status != ImportStatus.PREVIEWED:
        raise DomainError(_("This import is no longer waiting for confirmation."))
    if preview_expired(record):
        raise DomainError(_("This preview has expired; upload the file again."))
    if not record.file:
        raise _file_gone()
    try:
        with record.file.open("rb") as handle:
            sheet = read_workbook(handle)
    except OSError:
        raise _file_gone() from None
    if sheet.file_errors:  # it passed at upload: the file or the limits changed since
        _store_plan(record, ImportPlan(file_errors=sheet.file_errors))
        raise _no_longer_passes()
    try:
        with transaction.atomic():
            claimed = EmployeeImport.objects.filter(
                pk=record.pk, status=ImportStatus.PREVIEWED
            ).update(status=ImportStatus.APPLIED, applied_at=timezone.now(), file="")
            if not claimed:
                raise DomainError(_("This import is no longer waiting for confirmation."))
            complete = record_is_complete(record)
            result = apply_rows(
                sheet.rows,
                expected=preview_fingerprint(record.summary, record.rows),
                actor=actor,
                complete=complete,
                file_name=record.original_name,
            )
            EmployeeImport.objects.filter(pk=record.pk).update(
                summary={**result.counts, "complete": complete}
            )
            _delete_on_commit(record.file.storage, record.file.name)
    except ImportStale as stale:
        _store_plan(record, stale.plan)
        if not stale.plan.ok:
            raise _no_longer_passes() from None
        raise
    record.refresh_from_db()
    return result


def _delete_on_commit(storage, name: str) -> None:
    """Delete a stored file once the transaction that stopped referring to it has committed (a
    rollback keeps both). A failed deletion only leaves a private file behind: logged."""

    def delete() -> None:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("could not delete import file %s", name, exc_info=True)

    transaction.on_commit(delete)


def import_previews_expire() -> int:
    """Delete the previews abandoned past IMPORT_PREVIEW_TTL_HOURS, records and files (the
    personal data of a whole workbook, kept for nothing); returns how many. Each is deleted by
    a conditional DELETE (still a preview, still old), so a confirmation claiming it at the same
    moment wins or finds it gone, never half of it. A second run finds none."""
    storage = EmployeeImport._meta.get_field("file").storage
    expired = 0
    for pk, name in list(EmployeeImport.objects.filter(_abandoned()).values_list("pk", "file")):
        deleted, _rows = EmployeeImport.objects.filter(_abandoned(), pk=pk).delete()
        if not deleted:
            continue
        if name:
            _delete_on_commit(storage, name)
        expired += 1
    return expired


def purge_stale_import_files(older_than_days: int = FILE_RETENTION_DAYS) -> int:
    """Delete the stored files of imports no longer waiting for confirmation (applied or failed)
    and of previews older than `older_than_days`; keep the records. Returns how many files.

    Each record is released with a conditional UPDATE (its file name still set) before its file
    is deleted, so a confirmation running at the same moment either finds the file or reports it
    gone, never half of it.
    """
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    stale = (
        EmployeeImport.objects.exclude(file="")
        .filter(~Q(status=ImportStatus.PREVIEWED) | Q(created_at__lt=cutoff))
        .values_list("pk", "file")
    )
    storage = EmployeeImport._meta.get_field("file").storage
    deleted = 0
    for pk, name in list(stale):  # small; SQLite must not write into a table it is reading
        if not EmployeeImport.objects.filter(pk=pk, file=name).update(file=""):
            continue
        _delete_on_commit(storage, name)  # at once, unless called inside a transaction
        deleted += 1
    return deleted
