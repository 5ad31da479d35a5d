"""Writing a checked recap file: the month's recaps of the scope replaced, all or nothing, with
their history, and the column mapping kept for the source."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connections, router, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.org.models import OrgUnit
from core.actor import Actor
from core.errors import DomainError
from core.history import delete_with_reason, history_options, save_with_reason
from tpp.attendance import policies, scope
from tpp.attendance.importing.rows import LOOKUP_CHUNK, Parsed
from tpp.attendance.models import ColumnMapping, Recap, RecapImport
from tpp.choices import MonthState

BATCH_SIZE = 1000
REASON_MAX_LENGTH = 255  # as long as the forms' reasons (the history keeps text)


def change_reason(file_name: str) -> str:
    return (_("Attendance recap import %(name)s") % {"name": file_name})[:REASON_MAX_LENGTH]


def recap_import_apply(
    parsed: Parsed,
    *,
    year: int,
    month: int,
    opd: OrgUnit | None,
    source: str,
    file_name: str,
    actor: Actor,
) -> RecapImport:
    """Replace the month's recaps of the scope by the file's, all or nothing.

    The scope is the employees whose month belongs to `opd` (tpp.attendance.scope; everyone
    when None): their recaps of the month are updated where the file's figures differ, created
    where missing, and removed where the file has no row for them; each change has a history
    row naming the import. A row whose figures are unchanged is left alone (its recap still
    names the import it came from). The mapping read with is kept for `source`.

    Refuses (DomainError) a Parsed with errors or read for another month or source, a file with
    a row outside the scope (a mutasi recorded since it was checked), and a month locked for
    the scope's OPD — or for any OPD when importing for the whole agency; the lock is read under
    the OPD's row lock, which tpp.months' locking takes too, so the two follow each other. A
    person needs policies.may_import_recaps (PermissionDenied).
    """
    source = " ".join((source or "").split())
    if not parsed.ok:
        raise DomainError(_("The file has errors: nothing was imported."))
    if (parsed.year, parsed.month, parsed.source) != (year, month, source):
        raise DomainError(_("The file was checked for another month or source: check it again."))
    if not source or len(source) > ColumnMapping._meta.get_field("source").max_length:
        raise DomainError(
            _("Name the attendance system the file comes from (at most 60 characters).")
        )
    _authorise(actor, opd, parsed)
    reason = change_reason(file_name)
    try:
        with transaction.atomic():
            _refuse_locked(year, month, opd)
            existing, scope_rows = _existing(year, month, opd, parsed)
            record = RecapImport(
                year=year,
                month=month,
                opd=opd,
                source=source,
                file_name=file_name[: RecapImport._meta.get_field("file_name").max_length],
                rows=len(parsed.rows),
                created_by=actor.user,
            )
            _replace(parsed, record, existing, scope_rows, reason, actor)
            _keep_mapping(source, parsed.mapping, reason, actor)
    except IntegrityError:
        raise DomainError(
            _("The month's recaps changed while importing. Upload the file again.")
        ) from None
    return record


def _authorise(actor: Actor, opd: OrgUnit | None, parsed: Parsed) -> None:
    """The same policy as the upload page; a row outside the scope means a forged request."""
    if actor.is_system:
        return
    if not policies.may_import_recaps(actor.roles, opd):
        raise PermissionDenied


def _refuse_locked(year: int, month: int, opd: OrgUnit | None) -> None:
    """Refuse a month locked for the scope. The OPD rows are locked with their months (FOR
    UPDATE over the join), as tpp.months.services.month_lock locks them: a lock and an import
    of the same month wait for each other, and whichever comes second sees the first."""
    computed = OrgUnit.objects.filter(tpp_months__year=year, tpp_months__month=month)
    if opd is not None:
        computed = computed.filter(pk=opd.pk)
    states = computed.select_for_update().order_by("pk").values_list("code", "tpp_months__state")
    locked = [code for code, state in states if state == MonthState.LOCKED]
    if locked:
        raise DomainError(
            _(
                "TPP for %(month)02d/%(year)d is locked for %(opds)s: its recap can no longer change."
            )
            % {"month": month, "year": year, "opds": ", ".join(locked)}
        )


def _existing(
    year: int, month: int, opd: OrgUnit | None, parsed: Parsed
) -> tuple[dict[int, Recap], set[int]]:
    """The month's recaps of the scope and of the file's employees (locked until commit, so
    two imports of the same month follow each other), and the scope's employees' recaps.
    Refuses a row outside the scope."""
    month_recaps = Recap.objects.select_for_update().filter(year=year, month=month)
    if opd is None:
        found = {recap.employee_id: recap for recap in month_recaps}
        return found, set(found)
    scope_ids = scope.employees_of(year, month, opd.pk)
    if any(row.employee_id not in scope_ids for row in parsed.rows):
        raise DomainError(
            _("Some employees no longer belong to %(opd)s for this month: check the file again.")
            % {"opd": opd.label}
        )
    found = {}
    ids = sorted(scope_ids)
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start : start + LOOKUP_CHUNK]
        found.update({r.employee_id: r for r in month_recaps.filter(employee_id__in=chunk)})
    return found, set(found)


RECAP_FIELDS = ["late", "early", "absent_days", "leave_days", "monthly_score", "imported"]


class _RowUpdates:
    """The manager bulk_update_with_history updates Recap rows through. Django's bulk_update
    builds a CASE per field and row in Python: about 2 ms a row, minutes for a province's file.
    One prepared UPDATE run for every row (executemany, pipelined by psycopg) writes the same
    rows in seconds; simple-history then writes their history rows in bulk as usual."""

    model = Recap

    def bulk_update(self, objs: list[Recap], fields: list[str], batch_size: int | None = None):
        connection = connections[router.db_for_write(Recap)]
        quote = connection.ops.quote_name
        meta = Recap._meta
        columns = [meta.get_field(name) for name in fields]
        assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns)
        sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
        params = [
            [c.get_db_prep_save(getattr(obj, c.attname), connection) for c in columns] + [obj.pk]
            for obj in objs
        ]
        size = batch_size or BATCH_SIZE
        with connection.cursor() as cursor:
            for start in range(0, len(params), size):
                cursor.executemany(sql, params[start : start + size])
        return len(objs)


def _replace(
    parsed: Parsed,
    record: RecapImport,
    existing: dict[int, Recap],
    scope_rows: set[int],
    reason: str,
    actor: Actor,
) -> None:
    created, changed = [], []
    for row in parsed.rows:
        recap = existing.pop(row.employee_id, None)
        values = row.values()
        if recap is None:
            created.append(
                Recap(employee_id=row.employee_id, year=parsed.year, month=parsed.month, **values)
            )
        elif any(getattr(recap, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(recap, name, value)
            changed.append(recap)
    removed = [recap for employee_id, recap in existing.items() if employee_id in scope_rows]
    record.replaced = len(changed) + len(removed)
    record.save()
    for recap in created + changed:
        recap.imported = record
    options = {"batch_size": BATCH_SIZE, **history_options(reason, actor=actor)}
    if created:
        bulk_create_with_history(created, Recap, **options)
    if changed:
        bulk_update_with_history(changed, Recap, RECAP_FIELDS, manager=_RowUpdates(), **options)
    for recap in removed:
        delete_with_reason(recap, reason, actor=actor)


def _keep_mapping(source: str, mapping: dict[str, str], reason: str, actor: Actor) -> None:
    kept = ColumnMapping.objects.select_for_update().filter(source=source).first()
    kept = kept or ColumnMapping(source=source)
    if kept.columns != mapping:
        kept.columns = dict(mapping)
        save_with_reason(kept, reason, actor=actor)
