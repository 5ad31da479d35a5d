"""What an admin OPD's import may touch: units, employees and positions of their own OPDs.

Admin BKD (and the management command, without roles) may touch everything. A unit counts as in
scope when its OPD is one of the admin's both before the import and after it (the file may move
units), so nothing moves into or out of their OPDs by their hand.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.importing.plan import EmployeeRow, RowError
from accounts.importing.snapshot import Snapshot
from accounts.importing.units import UnitChecker
from accounts.importing.workbook import Col


class Scope:
    def __init__(self, roles, snap: Snapshot, units: UnitChecker):
        self.allowed: set[int] | None = (
            None if roles is None or roles.is_admin_bkd else set(roles.admin_opd_ids)
        )
        self.snap = snap
        self.units = units

    @property
    def limited(self) -> bool:
        return self.allowed is not None

    def _top_after_allowed(self, code: str) -> bool:
        top = self.snap.units_by_code.get(self.units.top_code(code) or "")
        return top is not None and top.id in self.allowed

    def position_allowed(self, position_id: int | None) -> bool:
        """Whether a database position lies in the admin's OPDs, before and after the import."""
        if not self.limited:
            return True
        position = self.snap.positions.get(position_id)
        unit = self.snap.units_by_id.get(position.unit_id) if position else None
        return (
            unit is not None
            and self.snap.unit_top_id(unit) in self.allowed
            and self._top_after_allowed(unit.code)
        )

    def row_errors(self, rows: list[EmployeeRow]) -> list[RowError]:
        """Every row's unit (before and after) and existing employee must be in the admin's OPDs."""
        if not self.limited:
            return []
        snap, errors = self.snap, []
        for row in rows:
            if not row.unit_code or row.unit_code in self.units.bad_units:
                continue
            current = snap.units_by_code.get(row.unit_code)
            if not self._top_after_allowed(row.unit_code) or (
                current is not None and snap.unit_top_id(current) not in self.allowed
            ):
                errors.append(
                    RowError(
                        row.row,
                        Col.UNIT_CODE,
                        _("Unit %(code)s is outside your OPD.") % {"code": row.unit_code},
                    )
                )
                continue
            existing = snap.employees.get(row.nip) if row.nip else None
            if existing is not None and not self.position_allowed(existing.position_id):
                errors.append(
                    RowError(
                        row.row,
                        Col.NIP,
                        _("Employee %(nip)s belongs to a unit outside your OPD.")
                        % {"nip": row.nip},
                    )
                )
        return errors
