"""EmployeeImport records: who may see one, saving an upload, confirming it.

The record keeps the uploaded file privately (MEDIA_ROOT/imports/) so the confirmation re-reads
exactly what was previewed; the confirm step claims the record with a conditional UPDATE so two
clicks (or two admins) cannot apply it twice. Whether the file was declared complete (removing the
employees of its OPDs it does not list) is kept in the summary under "complete", so the
confirmation applies the option that was previewed.
"""

from __future__ import annotations

from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import DomainError
from ..import_models import EmployeeImport, ImportStatus
from ..policies import require_admin
from . import parse_and_validate
from .apply import ImportStale, apply_plan, stale_message
from .plan import ImportPlan, ImportResult

MAX_STORED_ERRORS = 1000


def imports_in_scope(roles) -> QuerySet[EmployeeImport]:
    """Imports an administrator may see: all for admin BKD, their own uploads for admin OPD."""
    require_admin(roles)
    records = EmployeeImport.objects.select_related("uploaded_by").defer("rows")
    if roles.is_admin_bkd:
        return records
    return records.filter(uploaded_by=roles.user)


def import_for_view(roles, public_id) -> EmployeeImport:
    """One import: the uploader's or any for admin BKD; anyone else gets 404."""
    require_admin(roles)
    record = (
        EmployeeImport.objects.select_related("uploaded_by").filter(public_id=public_id).first()
    )
    if record is None or not (roles.is_admin_bkd or record.uploaded_by_id == roles.user.pk):
        raise Http404
    return record


def import_record_create(upload, plan: ImportPlan, user, name: str) -> EmployeeImport:
    """Keep a validated upload for preview; the stored name is ours, not the user's."""
    record = EmployeeImport(
        uploaded_by=user if getattr(user, "pk", None) else None,
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


def import_confirm(record: EmployeeImport, roles, user) -> ImportResult:
    """Apply a previewed import, as previewed.

    Re-reads the stored file and re-validates it with the confirming user's scope. If the
    outcome differs from the stored preview, the record gets the new preview and ImportStale is
    raised; new errors mark it failed and raise DomainError.
    """
    if record.status != ImportStatus.PREVIEWED or not record.file:
        raise DomainError(_("This import is no longer waiting for confirmation."))
    try:
        with record.file.open("rb") as handle:
            plan = parse_and_validate(
                handle, actor_roles=roles, complete=record_is_complete(record), actor=user
            )
    except OSError:
        raise DomainError(_("The uploaded file is no longer available; upload it again.")) from None
    if not plan.ok:
        _store_plan(record, plan)
        raise DomainError(_("The file no longer passes the checks; nothing was imported."))
    if plan.summary() != record.summary or plan.preview_rows() != record.rows:
        _store_plan(record, plan)
        raise ImportStale(stale_message(), plan)
    try:
        with transaction.atomic():
            claimed = EmployeeImport.objects.filter(
                pk=record.pk, status=ImportStatus.PREVIEWED
            ).update(status=ImportStatus.APPLIED, applied_at=timezone.now())
            if not claimed:
                raise DomainError(_("This import is no longer waiting for confirmation."))
            result = apply_plan(plan, user=user, file_name=record.original_name)
            EmployeeImport.objects.filter(pk=record.pk).update(
                summary={**result.counts, "complete": plan.complete}
            )
    except ImportStale as stale:
        _store_plan(record, stale.plan)
        raise
    record.refresh_from_db()
    return result
