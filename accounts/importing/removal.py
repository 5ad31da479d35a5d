"""A file declared complete for its OPDs: who is missing from it has left (issue 10, item 4).

Only with the explicit option. The OPDs "in the file" are those of the rows' units after the
import; an employee is missing when they hold a position in one of those OPDs (also reckoned after
the import, so a unit moved by the file counts where it ends up) and their NIP is in no row. An admin
OPD's file only holds their OPDs, and removals are limited to them as well, to be safe.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.choices import EmployeeStatus
from accounts.importing.plan import EmployeeRow, RemovalOp, RowError
from accounts.importing.snapshot import Snapshot
from accounts.importing.units import UnitChecker
from accounts.importing.workbook import Col


def find_removals(
    rows: list[EmployeeRow],
    by_nip: dict[str, EmployeeRow],
    snap: Snapshot,
    units: UnitChecker,
    roles,
) -> list[RemovalOp]:
    """Active employees holding a position in one of the file's OPDs whose NIP is in no row."""
    file_opds = {
        top for row in rows if row.unit_code and (top := units.top_code(row.unit_code)) is not None
    }
    allowed = None if roles is None or roles.is_admin_bkd else roles.admin_opd_ids
    removals = []
    for employee in snap.employees.values():
        if (
            employee.status != EmployeeStatus.ACTIVE
            or employee.position_id is None
            or employee.nip in by_nip
        ):
            continue
        position = snap.positions.get(employee.position_id)
        unit = snap.units_by_id.get(position.unit_id) if position else None
        if unit is None:
            continue
        top = units.top_code(unit.code)
        if top not in file_opds:
            continue
        if allowed is not None:
            new_top = snap.units_by_code.get(top)
            if (
                snap.unit_top_id(unit) not in allowed
                or new_top is None
                or new_top.id not in allowed
            ):
                continue
        removals.append(
            RemovalOp(
                db_id=employee.id,
                nip=employee.nip,
                name=employee.name,
                unit_code=unit.code,
                position_name=position.name,
                user_id=employee.user_id,
                account_active=employee.user_id in snap.active_user_ids,
            )
        )
    removals.sort(key=lambda op: (op.unit_code, op.name, op.nip))
    return removals


def removal_errors(
    removals: list[RemovalOp], rows: list[EmployeeRow], importer
) -> tuple[list[str], list[RowError]]:
    """What forbids these removals: the importing user among them (a file error, since they have
    no row), or a row naming a removed employee as its direct supervisor."""
    file_errors: list[str] = []
    row_errors: list[RowError] = []
    removed = {op.nip: op for op in removals}
    importer_id = getattr(importer, "pk", None)
    if importer_id is not None:
        for op in removals:
            if op.user_id == importer_id:
                file_errors.append(
                    _(
                        "You (NIP %(nip)s, unit %(unit)s) are not in this file, which is declared "
                        "the complete list of its OPDs, so the import would remove you. Add your "
                        "own row to the file, or do not declare it complete."
                    )
                    % {"nip": op.nip, "unit": op.unit_code}
                )
    for row in rows:
        if row.supervisor_nip in removed:
            row_errors.append(
                RowError(
                    row.row,
                    Col.SUPERVISOR_NIP,
                    _(
                        "Supervisor %(nip)s is not in this file, which is declared the complete "
                        "list of its OPDs, so the import would remove them. Add their row too."
                    )
                    % {"nip": row.supervisor_nip},
                )
            )
    return file_errors, row_errors
