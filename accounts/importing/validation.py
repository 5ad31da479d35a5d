"""Validating every row against the others and the database, then planning the changes.

Nothing is written here. Each row resolves to a unit (by code, units.py), a position (by unit, name
and the supervisor's position, positions.py) and an employee (by NIP); any error anywhere leaves the plan with errors and
no changes, so apply_plan never writes half a file.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import EmployeeStatus
from accounts.importing.plan import (
    Action,
    EmployeeOp,
    EmployeeRow,
    ImportPlan,
    RowError,
)
from accounts.importing.positions import PositionResolver
from accounts.importing.removal import find_removals, removal_errors
from accounts.importing.rows import check_row
from accounts.importing.scope import Scope
from accounts.importing.snapshot import Snapshot
from accounts.importing.units import UnitChecker
from accounts.importing.workbook import COLUMN_ORDER, Col, SourceRow
from accounts.org.rules import TransferRefusal, transfer_refusal_reason
from core.actor import Actor


def build_plan(
    source_rows: list[SourceRow],
    *,
    actor: Actor,
    import_date: dt.date,
    complete: bool = False,
) -> ImportPlan:
    """Check all rows and plan the writes against the database as it is now.

    actor: who imports; their roles limit the rows (none for the system), and a file declared
    complete never removes the importing user.
    complete: the file lists every employee of its OPDs, so those missing from it are removed.
    """
    plan = ImportPlan(
        source_rows=source_rows,
        complete=complete,
        import_date=import_date,
    )
    checked = [check_row(source) for source in source_rows]
    rows = [row for row, _errors in checked]
    errors = [error for _row, row_errors in checked for error in row_errors]
    validator = _Validator(
        rows, Snapshot.load(), errors, actor.roles, complete, actor.user, import_date=import_date
    )
    validator.run()
    plan.file_errors = validator.file_errors
    plan.errors = sorted(errors, key=lambda e: (e.row, COLUMN_ORDER.get(e.column, 99)))
    plan.counts["rows"] = len(rows)
    if not plan.ok:
        return plan
    plan.units = validator.units.plan()
    plan.warnings = validator.units.same_name_warnings(plan.units)
    plan.positions = validator.positions.nodes
    plan.employees = validator.employee_ops
    plan.removals = validator.removals
    _count(plan, validator.accounts_created)
    return plan


def _count(plan: ImportPlan, accounts_created: int) -> None:
    c = plan.counts
    c["units_created"] = sum(1 for u in plan.units if u.db_id is None)
    c["units_updated"] = sum(1 for u in plan.units if u.db_id is not None)
    c["positions_created"] = sum(1 for p in plan.positions if p.db_id is None)
    c["positions_updated"] = sum(1 for p in plan.positions if p.needs_update)
    for action in (Action.CREATED, Action.UPDATED, Action.MOVED, Action.UNCHANGED):
        c[f"employees_{action}"] = sum(1 for op in plan.employees if op.action == action)
    c["employees_removed"] = len(plan.removals)
    c["accounts_created"] = accounts_created
    c["accounts_deactivated"] = sum(1 for op in plan.removals if op.account_active)


class _Validator:
    def __init__(
        self,
        rows: list[EmployeeRow],
        snap: Snapshot,
        errors: list[RowError],
        roles,
        complete: bool = False,
        importer=None,
        import_date: dt.date | None = None,
    ):
        self.rows = rows
        self.import_date = import_date or timezone.localdate()
        self.snap = snap
        self.errors = errors
        self.file_errors: list[str] = []
        self.roles = roles
        self.complete = complete
        self.importer = importer  # the importing login user (None: the system)
        self.removals = []
        self.accounts_created = 0
        self._owners: dict[int, str] | None = None
        self.bad_rows = {e.row for e in errors}
        self.by_nip: dict[str, EmployeeRow] = {}
        self.units = UnitChecker(rows, snap, errors)
        self.scope = Scope(roles, snap, self.units)
        self.positions = PositionResolver(self.by_nip, snap, self.scope, self.bad_rows, self._error)
        self.employee_ops: list[EmployeeOp] = []

    def _error(self, row: EmployeeRow, column: str, message: str) -> None:
        self.errors.append(RowError(row.row, column, message))
        self.bad_rows.add(row.row)

    def run(self) -> None:
        self._check_duplicates()
        self.units.check()
        self.bad_rows.update(e.row for e in self.errors)
        self._check_existing_employees()
        for error in self.scope.row_errors(self.rows):
            self.errors.append(error)
            self.bad_rows.add(error.row)
        self._check_supervisors()
        self._check_cycles()
        for row in self.rows:
            if row.nip and self.by_nip.get(row.nip) is row:
                self.positions.resolve(row.nip)
        # Only on an otherwise clean file: a row whose NIP failed its checks would look missing.
        if self.complete and not self.errors:
            self._plan_removals()
        if not self.errors and not self.file_errors:
            self._plan_employees()

    def _plan_removals(self) -> None:
        self.removals = find_removals(self.rows, self.by_nip, self.snap, self.units, self.roles)
        file_errors, row_errors = removal_errors(self.removals, self.rows, self.importer)
        self.file_errors += file_errors
        self.errors += row_errors

    def _account_for(self, row: EmployeeRow, existing) -> tuple[bool, int | None]:
        """Whether the row's employee still needs a login account (username = NIP), and the id
        of an existing account of that name to link instead of creating one. Someone else's
        account of that name is an error."""
        if existing is not None and existing.user_id is not None:
            return False, None
        user_id = self.snap.user_ids.get(row.nip)
        if user_id is None:
            self.accounts_created += 1
            return True, None
        owner = self._account_owners().get(user_id)
        if owner is not None:
            self._error(
                row,
                Col.NIP,
                _("The login name %(nip)s already belongs to the account of employee %(other)s.")
                % {"nip": row.nip, "other": owner},
            )
        return True, user_id

    def _account_owners(self) -> dict[int, str]:
        if self._owners is None:
            self._owners = {
                e.user_id: e.nip for e in self.snap.employees.values() if e.user_id is not None
            }
        return self._owners

    def _check_duplicates(self) -> None:
        for row in self.rows:
            if not row.nip:
                continue
            first = self.by_nip.setdefault(row.nip, row)
            if first is not row:
                self._error(
                    row,
                    Col.NIP,
                    _("NIP %(nip)s also appears in row %(row)d.")
                    % {"nip": row.nip, "row": first.row},
                )

    def _check_existing_employees(self) -> None:
        for row in self.by_nip.values():
            existing = self.snap.employees.get(row.nip)
            if existing is not None and existing.status != EmployeeStatus.ACTIVE:
                self._error(
                    row,
                    Col.NIP,
                    _(
                        "Employee %(nip)s is recorded as “%(status)s”; only active employees "
                        "can be imported."
                    )
                    % {"nip": row.nip, "status": EmployeeStatus(existing.status).label},
                )

    def _check_supervisors(self) -> None:
        for row in self.rows:
            nip = row.supervisor_nip
            if not nip or nip in self.by_nip:
                continue
            supervisor = self.snap.employees.get(nip)
            if supervisor is None:
                message = _("Supervisor NIP %(nip)s is neither in this file nor in the system.")
            elif supervisor.status != EmployeeStatus.ACTIVE:
                message = _("Supervisor %(nip)s is no longer active.")
            elif supervisor.position_id is None:
                message = _("Supervisor %(nip)s has no current position in the system.")
            else:
                continue
            self._error(row, Col.SUPERVISOR_NIP, message % {"nip": nip})

    def _next_supervisor(self, nip: str) -> str | None:
        """Who nip reports to: the file's word, else the holder of the nearest filled parent
        position in the database (preferring someone in the file, whose own row then counts)."""
        row = self.by_nip.get(nip)
        if row is not None:
            return row.supervisor_nip or None
        employee = self.snap.employees.get(nip)
        if employee is None or employee.position_id is None:
            return None
        position = self.snap.positions.get(employee.position_id)
        seen: set[int] = set()
        parent = position.parent_id if position else None
        while parent is not None and parent not in seen:
            seen.add(parent)
            holders = [h for h in self.snap.holders.get(parent, ()) if h != nip]
            if holders:
                in_file = [h for h in holders if h in self.by_nip]
                return (in_file or holders)[0]
            parent = self.snap.positions[parent].parent_id
        return None

    def _check_cycles(self) -> None:
        """A→B→A, also when the loop closes through supervisors known only to the database."""
        state: dict[str, int] = {}
        for start in self.by_nip:
            path: list[str] = []
            current: str | None = start
            while current is not None and current not in state:
                state[current] = 1
                path.append(current)
                current = self._next_supervisor(current)
            if current is not None and state[current] == 1:
                loop = path[path.index(current) :]
                chain = " → ".join([*loop, current])
                for nip in loop:
                    if nip in self.by_nip:
                        self._error(
                            self.by_nip[nip],
                            Col.SUPERVISOR_NIP,
                            _("Reporting cycle: %(chain)s.") % {"chain": chain},
                        )
            for nip in path:
                state[nip] = 2

    def _move_refusal(self, row: EmployeeRow, current) -> str | None:
        """A move is a mutasi from the import date: refused as services.employee_transfer refuses
        it (rules_org), since the old post ends the day before and must not end before it began.
        Unlike the mutasi form, an import never corrects a placement in place: a file prepared
        before a correction by hand the same day would silently undo it."""
        reason = transfer_refusal_reason(current.start_date, self.import_date)
        if reason is TransferRefusal.NOT_AFTER_CURRENT_START:
            return _(
                "NIP %(nip)s moved to their current position on %(date)s; an import on the same "
                "day cannot move them again. Correct the position by hand or import tomorrow."
            ) % {"nip": row.nip, "date": current.start_date.strftime("%d-%m-%Y")}
        return None

    def _plan_employees(self) -> None:
        for row in self.rows:
            node = self.positions.resolved[row.nip]
            existing = self.snap.employees.get(row.nip)
            needs_account, account_id = self._account_for(row, existing)
            if existing is None:
                self.employee_ops.append(
                    EmployeeOp(
                        row,
                        node,
                        None,
                        Action.CREATED,
                        needs_account=needs_account,
                        account_id=account_id,
                    )
                )
                continue
            fields_changed = (
                existing.name,
                existing.front_title,
                existing.back_title,
                existing.employment_type,
                existing.golongan,
                existing.email,
                existing.phone,
            ) != (
                row.name,
                row.front_title,
                row.back_title,
                row.employment_type,
                row.golongan,
                row.email,
                row.phone,
            )
            current = self.snap.open_definitive.get(existing.id)
            moved = node.db_id is None or current is None or current.position_id != node.db_id
            refusal = self._move_refusal(row, current) if moved and current is not None else None
            if refusal is not None:
                self._error(row, Col.POSITION_NAME, refusal)
                continue
            stale = node.db_id is None or existing.position_id != node.db_id
            if moved:
                action = Action.MOVED
            elif fields_changed or stale:
                action = Action.UPDATED
            else:
                action = Action.UNCHANGED
            self.employee_ops.append(
                EmployeeOp(
                    row,
                    node,
                    existing.id,
                    action,
                    fields_changed,
                    position_field_stale=stale,
                    needs_account=needs_account,
                )
            )
