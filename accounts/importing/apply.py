"""Writing a validated plan: units, positions, employees and assignments, in bulk, with history.

Everything happens in one transaction after re-validating against the database as it is at that
moment, so a preview that went stale (someone edited the organisation meanwhile) is refused rather
than half-applied. Writes are bulk per level of the tree (parents before children), so 20,000 rows
take a few dozen queries per table, not one per row. Every employee in the file ends up with a
login account (created unusable); employees removed by a file declared complete lose theirs at once.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.choices import AssignmentKind, EmployeeStatus
from accounts.extensions import employees_transferred
from accounts.importing.plan import Action, ImportPlan, ImportResult
from accounts.importing.validation import build_plan
from accounts.importing.workbook import SourceRow
from accounts.logins.services import accounts_deactivate_bulk, accounts_provision_bulk
from accounts.org.models import Assignment, Employee, OrgUnit, Position
from accounts.org.policies import require_admin
from accounts.org.rules import leaving_end, previous_assignment_end
from core.actor import Actor
from core.errors import DomainError
from core.figures import new_generation
from core.history import delete_with_reason, history_options

BATCH_SIZE = 500
# Ids per call of the account services, which filter with `pk__in`: SQLite allows 32,766 query
# parameters, so a 20,000-row file goes in slices.
ACCOUNT_BATCH = 2000
# simple-history's change-reason column holds 100 characters.
REASON_MAX_LENGTH = 100


class ImportStale(DomainError):
    """The database changed since the preview: the new plan is attached for a fresh preview."""

    def __init__(self, message: str, plan: ImportPlan):
        super().__init__(message)
        self.plan = plan


def stale_message() -> str:
    return _(
        "The data changed since the preview was made. Check the new preview before confirming."
    )


def change_reason(file_name: str) -> str:
    return (_("Employee import %(name)s") % {"name": file_name})[:REASON_MAX_LENGTH]


def _changed_meanwhile() -> DomainError:
    return DomainError(_("The organisation data changed while importing. Upload the file again."))


@dataclass(frozen=True)
class _BulkHistory:
    """Bulk writes of one import, each history row saying who (the actor) and why (the file)."""

    actor: Actor
    reason: str

    def create(self, objs: list, model) -> list:
        options = history_options(self.reason, actor=self.actor)
        return bulk_create_with_history(objs, model, batch_size=BATCH_SIZE, **options)

    def update(self, objs: list, model, fields: list[str]) -> None:
        options = history_options(self.reason, actor=self.actor)
        bulk_update_with_history(objs, model, fields, batch_size=BATCH_SIZE, **options)


def apply_plan(plan: ImportPlan, *, actor: Actor, file_name: str) -> ImportResult:
    """Apply a plan from parse_and_validate in one transaction, recorded in history as `actor`'s
    doing (the management command, a script; the web confirmation goes through apply_rows).

    Re-validates the same rows against the current database first, as `actor`; raises
    ImportStale (a DomainError) if the result differs from what the plan promised, DomainError if
    it has errors.
    """
    if not plan.ok:
        raise DomainError(_("The import has errors and was not applied."))
    return apply_rows(
        plan.source_rows,
        expected=plan.fingerprint(),
        actor=actor,
        import_date=plan.import_date,
        complete=plan.complete,
        file_name=file_name,
    )


def apply_rows(
    source_rows: list[SourceRow],
    *,
    expected: str,
    actor: Actor,
    import_date: dt.date | None = None,
    complete: bool = False,
    file_name: str,
) -> ImportResult:
    """Validate rows read from a workbook and write them, in one transaction, if the outcome is
    the previewed one.

    expected is the preview's fingerprint (ImportPlan.fingerprint, or preview_fingerprint of
    what an import record kept). The rows are validated once, here, against the database as it
    is inside the transaction: a confirmation needs no separate check beforehand. Raises
    ImportStale with the new plan (which may have errors) when the outcome differs. A person
    must be an administrator (the same require_admin as the upload page); their roles limit the
    rows as at the preview.
    """
    if not actor.is_system:
        require_admin(actor.roles)
    history = _BulkHistory(actor=actor, reason=change_reason(file_name))
    try:
        with transaction.atomic():
            fresh = build_plan(
                source_rows,
                actor=actor,
                import_date=import_date or timezone.localdate(),
                complete=complete,
            )
            if not fresh.ok or fresh.fingerprint() != expected:
                raise ImportStale(stale_message(), fresh)
            _write(fresh, history)
    except IntegrityError:
        raise _changed_meanwhile() from None
    transaction.on_commit(new_generation)  # the admin pages' kept counts no longer hold
    return ImportResult(counts=fresh.counts, import_date=fresh.import_date)


def _chunks(items: list, size: int = BATCH_SIZE) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _in_bulk(model, ids: list[int]) -> dict:
    found = {}
    for chunk in _chunks(ids):
        found.update(model.objects.in_bulk(chunk))
    return found


def _write(plan: ImportPlan, history: _BulkHistory) -> None:
    unit_ids = _write_units(plan, history)
    _write_positions(plan, unit_ids, history)
    _write_employees(plan, history)
    _remove_employees(plan, history)
    _provision_accounts(plan, history)


def _write_units(plan: ImportPlan, history: _BulkHistory) -> dict[str, int]:
    unit_ids = dict(OrgUnit.objects.values_list("code", "id"))
    new = sorted((u for u in plan.units if u.db_id is None), key=lambda u: u.depth)
    new_tops: list[int] = []
    for _depth, level in groupby(new, key=lambda u: u.depth):
        level = list(level)
        objs = [
            OrgUnit(
                code=u.code,
                name=u.name,
                kind=u.kind,
                parent_id=unit_ids[u.parent_code] if u.parent_code else None,
                opd_id=None if u.top_code == u.code else unit_ids[u.top_code],
            )
            for u in level
        ]
        for obj in history.create(objs, OrgUnit):
            unit_ids[obj.code] = obj.pk
            if obj.opd_id is None:
                new_tops.append(obj.pk)
    for chunk in _chunks(new_tops):
        # A top-level unit is its own OPD (as in services.unit_save); its id exists only now,
        # so fix the row and its creation record together rather than add a second record.
        OrgUnit.objects.filter(pk__in=chunk).update(opd=F("pk"))
        OrgUnit.history.filter(id__in=chunk, opd__isnull=True).update(opd=F("id"))
    changed = [u for u in plan.units if u.db_id is not None]
    instances = _in_bulk(OrgUnit, [u.db_id for u in changed])
    for u in changed:
        unit = instances[u.db_id]
        unit.name = u.name
        unit.parent_id = unit_ids[u.parent_code] if u.parent_code else None
        unit.opd_id = unit_ids[u.top_code]
        if u.in_file:
            unit.is_active = True
    if instances:
        history.update(list(instances.values()), OrgUnit, ["name", "parent", "opd", "is_active"])
    return unit_ids


def _write_positions(plan: ImportPlan, unit_ids: dict[str, int], history: _BulkHistory) -> None:
    for node in plan.positions:
        if node.db_id is not None:
            node.pk = node.db_id
    new = sorted((n for n in plan.positions if n.db_id is None), key=lambda n: n.depth)
    for _depth, level in groupby(new, key=lambda n: n.depth):
        level = list(level)
        objs = [
            Position(
                name=n.name,
                kind=n.kind,
                jenjang=n.jenjang,
                unit_id=unit_ids[n.unit_code],
                parent_id=n.parent_pk,
            )
            for n in level
        ]
        for node, obj in zip(level, history.create(objs, Position), strict=True):
            node.pk = obj.pk
    changed = [n for n in plan.positions if n.needs_update]
    instances = _in_bulk(Position, [n.db_id for n in changed])
    for n in changed:
        position = instances[n.db_id]
        position.name, position.kind, position.jenjang = n.name, n.kind, n.jenjang
        position.is_active = True
    if instances:
        history.update(list(instances.values()), Position, ["name", "kind", "jenjang", "is_active"])


_EMPLOYEE_FIELDS = (
    "name",
    "front_title",
    "back_title",
    "employment_type",
    "golongan",
    "email",
    "phone",
)


def _write_employees(plan: ImportPlan, history: _BulkHistory) -> None:
    day = plan.import_date
    created = [op for op in plan.employees if op.action == Action.CREATED]
    accounts = _new_accounts(
        [op for op in created if op.needs_account and op.account_id is None], history
    )
    objs = [
        Employee(
            nip=op.data.nip,
            status=EmployeeStatus.ACTIVE,
            position_id=op.node.pk,
            user_id=op.account_id or accounts.get(op.data.nip),
            **{name: getattr(op.data, name) for name in _EMPLOYEE_FIELDS},
        )
        for op in created
    ]
    objs = history.create(objs, Employee)
    placements = [(obj.pk, op.node.pk) for obj, op in zip(objs, created, strict=True)]

    changed = [op for op in plan.employees if op.action in (Action.UPDATED, Action.MOVED)]
    instances = _in_bulk(Employee, [op.db_id for op in changed])
    for op in changed:
        employee = instances[op.db_id]
        for name in _EMPLOYEE_FIELDS:
            setattr(employee, name, getattr(op.data, name))
        employee.position_id = op.node.pk
    if instances:
        history.update(list(instances.values()), Employee, [*_EMPLOYEE_FIELDS, "position"])

    moved = [op for op in changed if op.action == Action.MOVED]
    _end_definitive_assignments([op.db_id for op in moved], day, history)
    placements += [(op.db_id, op.node.pk) for op in moved]
    note = history.reason
    new_assignments = [
        Assignment(
            employee_id=employee_id,
            position_id=position_id,
            kind=AssignmentKind.DEFINITIF,
            start_date=day,
            note=note,
        )
        for employee_id, position_id in placements
    ]
    if new_assignments:
        history.create(new_assignments, Assignment)
    if moved:
        employees_transferred.call(
            employee_ids=[op.db_id for op in moved], on=day, actor=history.actor
        )


def _new_accounts(ops: list, history: _BulkHistory) -> dict[str, int]:
    """Login accounts for new employees, created before them so each employee row is written
    with its account: linking afterwards would be a bulk_update, which on 20,000 rows costs
    several seconds (accounts_provision_bulk does that for the few existing employees).
    They look as account_services makes them: username = NIP, active, unusable until the owner
    activates it (Django's unusable-password prefix; the random suffix from one urandom call)."""
    User = get_user_model()
    users = [
        User(
            username=op.data.nip,
            email=op.data.email,
            first_name=op.data.name[:150],
            is_active=True,
            password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
        )
        for op in ops
    ]
    if not users:
        return {}
    users = history.create(users, User)
    return {user.username: user.pk for user in users}


def _remove_employees(plan: ImportPlan, history: _BulkHistory) -> None:
    """Employees missing from a file declared complete have left (transferred out), as
    services.employee_update does for one: no current post, open assignments ended, and the
    account deactivated with its sessions ended (after commit)."""
    ids = [op.db_id for op in plan.removals]
    if not ids:
        return
    employees = []
    for chunk in _chunks(ids):
        # Locked and re-checked: a concurrent edit since the re-validation must not be overwritten.
        employees += Employee.objects.select_for_update().filter(
            pk__in=chunk, status=EmployeeStatus.ACTIVE
        )
    if len(employees) != len(ids):
        raise _changed_meanwhile()
    for employee in employees:
        employee.status = EmployeeStatus.TRANSFERRED_OUT
        employee.position_id = None  # mirrors the open definitive assignment, ended below
    history.update(employees, Employee, ["status", "position"])
    _end_assignments_of_leavers(ids, plan.import_date, history)
    user_ids = [e.user_id for e in employees if e.user_id is not None]
    deactivated = 0
    for chunk in _chunks(user_ids, ACCOUNT_BATCH):
        deactivated += accounts_deactivate_bulk(chunk, history.reason, actor=history.actor)
    plan.counts["accounts_deactivated"] = deactivated


def _provision_accounts(plan: ImportPlan, history: _BulkHistory) -> None:
    """Existing employees in the file without an account get one too (new employees got theirs
    in _write_employees); a clean re-import finds none missing and writes nothing."""
    created = sum(
        1
        for op in plan.employees
        if op.action == Action.CREATED and op.needs_account and op.account_id is None
    )
    ids = [op.db_id for op in plan.employees if op.db_id is not None and op.needs_account]
    for chunk in _chunks(ids, ACCOUNT_BATCH):
        created += accounts_provision_bulk(chunk, actor=history.actor)
    plan.counts["accounts_created"] = created


def _end_definitive_assignments(
    employee_ids: list[int], day: dt.date, history: _BulkHistory
) -> None:
    """Mutasi: the open definitive assignment ends the day before the new one starts on `day`
    (rules_org, as services.employee_transfer). Validation refused moving anyone whose current
    one starts on or after `day`; finding one here means a transfer was recorded meanwhile."""
    open_ones = []
    for chunk in _chunks(employee_ids):
        open_ones += Assignment.objects.filter(
            employee_id__in=chunk, kind=AssignmentKind.DEFINITIF, end_date__isnull=True
        )
    end = previous_assignment_end(day)
    for assignment in open_ones:
        if assignment.start_date > end:
            raise _changed_meanwhile()
        assignment.end_date = end
    if open_ones:
        history.update(open_ones, Assignment, ["end_date"])


def _end_assignments_of_leavers(
    employee_ids: list[int], day: dt.date, history: _BulkHistory
) -> None:
    """Leaving as of `day`: every assignment still running then (Plt/Plh too, also one with a
    later end date) ends by rules_org.leaving_end, the day before, or on `day` if it began that
    day. One that would only begin after `day` is withdrawn, one by one so history records who
    deleted it and why (rare: acting posts planned ahead), as services.override_end does."""
    running = []
    for chunk in _chunks(employee_ids):
        running += Assignment.objects.filter(employee_id__in=chunk).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )
    ended = []
    for assignment in running:
        end = leaving_end(assignment.start_date, day)
        if end is None:
            delete_with_reason(assignment, history.reason, actor=history.actor)
            continue
        assignment.end_date = end
        ended.append(assignment)
    if ended:
        history.update(ended, Assignment, ["end_date"])
