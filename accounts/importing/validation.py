"""Validating every row against the others and the database, then planning the changes.

Nothing is written here. Each row resolves to a unit (by code), a position (by unit, name and the
supervisor's position) and an employee (by NIP); any error anywhere leaves the plan with errors and
no changes, so apply_plan never writes half a file.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from ..choices import EmployeeStatus
from .plan import Action, EmployeeOp, EmployeeRow, ImportPlan, PositionNode, RowError
from .rows import check_row
from .snapshot import Snapshot, position_key
from .units import UnitChecker
from .workbook import COLUMN_ORDER, Col, SourceRow


def build_plan(source_rows: list[SourceRow], *, actor_roles, import_date: dt.date) -> ImportPlan:
    """Check all rows and plan the writes against the database as it is now."""
    plan = ImportPlan(source_rows=source_rows, actor_roles=actor_roles, import_date=import_date)
    checked = [check_row(source) for source in source_rows]
    rows = [row for row, _errors in checked]
    errors = [error for _row, row_errors in checked for error in row_errors]
    validator = _Validator(rows, Snapshot.load(), errors, actor_roles)
    validator.run()
    plan.errors = sorted(errors, key=lambda e: (e.row, COLUMN_ORDER.get(e.column, 99)))
    plan.counts["rows"] = len(rows)
    if plan.errors:
        return plan
    plan.units = validator.units.plan()
    plan.positions = validator.nodes
    plan.employees = validator.employee_ops
    _count(plan)
    return plan


def _count(plan: ImportPlan) -> None:
    c = plan.counts
    c["units_created"] = sum(1 for u in plan.units if u.db_id is None)
    c["units_updated"] = sum(1 for u in plan.units if u.db_id is not None)
    c["positions_created"] = sum(1 for p in plan.positions if p.db_id is None)
    c["positions_updated"] = sum(1 for p in plan.positions if p.needs_update)
    for action in (Action.CREATED, Action.UPDATED, Action.MOVED, Action.UNCHANGED):
        c[f"employees_{action}"] = sum(1 for op in plan.employees if op.action == action)


class _Validator:
    def __init__(self, rows: list[EmployeeRow], snap: Snapshot, errors: list[RowError], roles):
        self.rows = rows
        self.snap = snap
        self.errors = errors
        self.roles = roles
        self.bad_rows = {e.row for e in errors}
        self.by_nip: dict[str, EmployeeRow] = {}
        self.units = UnitChecker(rows, snap, errors)
        self.nodes: list[PositionNode] = []
        self._nodes_by_key: dict[tuple, PositionNode] = {}
        self._resolved: dict[str, PositionNode | None] = {}
        self.employee_ops: list[EmployeeOp] = []

    def _error(self, row: EmployeeRow, column: str, message: str) -> None:
        self.errors.append(RowError(row.row, column, message))
        self.bad_rows.add(row.row)

    def run(self) -> None:
        self._check_duplicates()
        self.units.check()
        self.bad_rows.update(e.row for e in self.errors)
        self._check_existing_employees()
        if self.roles is not None and not self.roles.is_admin_bkd:
            self._check_scope()
        self._check_supervisors()
        self._check_cycles()
        for row in self.rows:
            if row.nip and self.by_nip.get(row.nip) is row:
                self._resolve(row.nip)
        if not self.errors:
            self._plan_employees()

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

    def _check_scope(self) -> None:
        """Admin OPD: every row's unit (before and after) and employee must be in their OPDs."""
        allowed = self.roles.admin_opd_ids
        snap = self.snap
        for row in self.rows:
            if not row.unit_code or row.unit_code in self.units.bad_units:
                continue
            top = snap.units_by_code.get(self.units.top_code(row.unit_code) or "")
            current = snap.units_by_code.get(row.unit_code)
            if (top is None or top.id not in allowed) or (
                current is not None and snap.unit_top_id(current) not in allowed
            ):
                self._error(
                    row,
                    Col.UNIT_CODE,
                    _("Unit %(code)s is outside your OPD.") % {"code": row.unit_code},
                )
                continue
            existing = snap.employees.get(row.nip) if row.nip else None
            if existing is None:
                continue
            position = snap.positions.get(existing.position_id)
            unit = snap.units_by_id.get(position.unit_id) if position else None
            if unit is None or snap.unit_top_id(unit) not in allowed:
                self._error(
                    row,
                    Col.NIP,
                    _("Employee %(nip)s belongs to a unit outside your OPD.") % {"nip": row.nip},
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

    def _resolve(self, nip: str) -> PositionNode | None:
        chain: list[str] = []
        current = nip
        while current in self.by_nip and current not in self._resolved and current not in chain:
            chain.append(current)
            current = self.by_nip[current].supervisor_nip
        for pending in reversed(chain):
            self._resolved[pending] = self._resolve_one(self.by_nip[pending])
        return self._resolved.get(nip)

    def _resolve_one(self, row: EmployeeRow) -> PositionNode | None:
        if row.row in self.bad_rows:
            return None
        parent_node, parent_db = None, None
        if row.supervisor_nip in self.by_nip:
            parent_node = self._resolved.get(row.supervisor_nip)
            if parent_node is None:
                return None  # the supervisor's row has the error; it is reported there
            if parent_node.db_id is not None:
                parent_node, parent_db = None, parent_node.db_id
        elif row.supervisor_nip:
            parent_db = self.snap.employees[row.supervisor_nip].position_id
        name = " ".join(row.position_name.split())
        key = (row.unit_code, name.casefold(), parent_db, id(parent_node) if parent_node else None)
        node = self._nodes_by_key.get(key)
        if node is not None:
            if (node.kind, node.jenjang) != (row.position_kind, row.jenjang):
                self._error(
                    row,
                    Col.POSITION_KIND,
                    _(
                        "Position “%(name)s” in unit %(unit)s under the same supervisor has a "
                        "different type or level in row %(row)d."
                    )
                    % {"name": name, "unit": row.unit_code, "row": node.first_row},
                )
                return None
            return node
        node = PositionNode(
            unit_code=row.unit_code,
            name=name,
            kind=row.position_kind,
            jenjang=row.jenjang,
            parent=parent_node,
            parent_db_id=parent_db,
            first_row=row.row,
            depth=parent_node.depth + 1 if parent_node else 0,
        )
        unit = self.snap.units_by_code.get(row.unit_code)
        if parent_node is None and unit is not None:
            node.db_id = self.snap.position_index.get(position_key(unit.id, name, parent_db))
        if node.db_id is not None:
            existing = self.snap.positions[node.db_id]
            node.needs_update = (existing.name, existing.kind, existing.jenjang) != (
                name,
                row.position_kind,
                row.jenjang,
            ) or not existing.is_active
        self._nodes_by_key[key] = node
        self.nodes.append(node)
        return node

    def _plan_employees(self) -> None:
        for row in self.rows:
            node = self._resolved[row.nip]
            existing = self.snap.employees.get(row.nip)
            if existing is None:
                self.employee_ops.append(EmployeeOp(row, node, None, Action.CREATED))
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
            stale = node.db_id is None or existing.position_id != node.db_id
            if moved:
                action = Action.MOVED
            elif fields_changed or stale:
                action = Action.UPDATED
            else:
                action = Action.UNCHANGED
            self.employee_ops.append(
                EmployeeOp(
                    row, node, existing.id, action, fields_changed, position_field_stale=stale
                )
            )
