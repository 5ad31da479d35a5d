"""Units in the file: consistency across rows, parents, loops, and what to create or update."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.choices import UnitKind
from accounts.importing.plan import EmployeeRow, RowError, UnitOp
from accounts.importing.snapshot import Snapshot
from accounts.importing.workbook import Col

# Earliest match in the name wins, so "Seksi Gizi pada Bidang Kesehatan" is a seksi and
# "Sub Bagian Umum" is a subbagian, not a bagian.
_KIND_PATTERNS = [
    (UnitKind.PUSKESMAS, r"puskesmas"),
    (UnitKind.SEKOLAH, r"sekolah|sd|sdn|smp|smpn|sma|sman|smk|smkn"),
    (UnitKind.SUBBAGIAN, r"sub\s*bagian|subbag"),
    (UnitKind.SUBBIDANG, r"sub\s*bidang|subbid"),
    (UnitKind.BIDANG, r"bidang"),
    (UnitKind.BAGIAN, r"bagian"),
    (UnitKind.SEKSI, r"seksi"),
    (UnitKind.UPT, r"uptd?"),
    (UnitKind.KECAMATAN, r"kecamatan"),
    (UnitKind.KELURAHAN, r"kelurahan"),
    (UnitKind.SEKRETARIAT, r"sekretariat"),
]
_KIND_RE = [
    (kind, re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)) for kind, pattern in _KIND_PATTERNS
]


def infer_unit_kind(name: str, has_parent: bool) -> str:
    """The kind of a new unit from its name; a top-level unit is always an OPD.

    A sub-unit whose name names no kind is taken as a UPT: in practice those are hospitals,
    laboratories and warehouses under a dinas.
    """
    if not has_parent:
        return UnitKind.OPD
    best = None
    for kind, pattern in _KIND_RE:
        match = pattern.search(name)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), kind)
    return best[1] if best else UnitKind.UPT


def _same_name(name: str) -> str:
    """Names compared as people read them: case and extra spaces ignored."""
    return " ".join(name.split()).casefold()


@dataclass
class _FileUnit:
    name: str
    parent_code: str
    row: int


class UnitChecker:
    """Checks the file's units against each other and the database; plans unit writes."""

    def __init__(self, rows: list[EmployeeRow], snap: Snapshot, errors: list[RowError]):
        self.rows = rows
        self.snap = snap
        self.errors = errors
        self.file_units: dict[str, _FileUnit] = {}
        self.rows_by_unit: dict[str, list[EmployeeRow]] = {}
        self.bad_units: set[str] = set()
        self._tops: dict[str, str | None] = {}

    def check(self) -> None:
        self._collect()
        self._check_parents()
        self._check_loops()

    def _error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))

    def _collect(self) -> None:
        for r in self.rows:
            if not r.unit_code or not r.unit_name:
                continue
            self.rows_by_unit.setdefault(r.unit_code, []).append(r)
            first = self.file_units.get(r.unit_code)
            if first is None:
                self.file_units[r.unit_code] = _FileUnit(r.unit_name, r.parent_code, r.row)
                continue
            if first.name != r.unit_name:
                self.bad_units.add(r.unit_code)
                self._error(
                    r.row,
                    Col.UNIT_NAME,
                    _("Unit %(code)s is named “%(first)s” in row %(row)d but “%(this)s” here.")
                    % {
                        "code": r.unit_code,
                        "first": first.name,
                        "row": first.row,
                        "this": r.unit_name,
                    },
                )
            if first.parent_code != r.parent_code:
                self.bad_units.add(r.unit_code)
                self._error(
                    r.row,
                    Col.PARENT_CODE,
                    _(
                        "Unit %(code)s has parent unit “%(first)s” in row %(row)d but “%(this)s” "
                        "here."
                    )
                    % {
                        "code": r.unit_code,
                        "first": first.parent_code or _("(none)"),
                        "row": first.row,
                        "this": r.parent_code or _("(none)"),
                    },
                )

    def _rows_saying(self, code: str, parent: str, message: str) -> None:
        """Report on the unit's rows that give this parent (others already have an error)."""
        self.bad_units.add(code)
        for r in self.rows_by_unit[code]:
            if r.parent_code == parent:
                self._error(r.row, Col.PARENT_CODE, message)

    def _check_parents(self) -> None:
        for code, unit in self.file_units.items():
            parent = unit.parent_code
            if parent and parent not in self.file_units and parent not in self.snap.units_by_code:
                self._rows_saying(
                    code,
                    parent,
                    _("Parent unit %(code)s is neither in this file nor in the system.")
                    % {"code": parent},
                )

    def final_parent(self, code: str) -> str | None:
        """The parent code after the import: the file's word, else the database's."""
        unit = self.file_units.get(code)
        if unit is not None:
            return unit.parent_code or None
        snap_unit = self.snap.units_by_code.get(code)
        if snap_unit is None or snap_unit.parent_id is None:
            return None
        return self.snap.units_by_id[snap_unit.parent_id].code

    def _check_loops(self) -> None:
        for code in self.file_units:
            chain, current = [code], self.final_parent(code)
            while current is not None and current not in chain:
                chain.append(current)
                current = self.final_parent(current)
            # Only units on the loop are reported; units hanging below it are fine themselves.
            if current == code:
                loop = [*chain, code]
                self._rows_saying(
                    code,
                    self.file_units[code].parent_code,
                    _("The parent chain of unit %(code)s loops back on itself: %(chain)s.")
                    % {"code": code, "chain": " → ".join(loop)},
                )

    def top_code(self, code: str) -> str | None:
        """The top-level ancestor (the OPD) after the import; None if unknown or looping."""
        chain: list[str] = []
        current, top = code, None
        while True:
            if current in self._tops:
                top = self._tops[current]
                break
            if current in chain or (
                current not in self.file_units and current not in self.snap.units_by_code
            ):
                break
            chain.append(current)
            parent = self.final_parent(current)
            if parent is None:
                top = current
                break
            current = parent
        for c in chain:
            self._tops[c] = top
        return top

    def plan(self) -> list[UnitOp]:
        """Units to create (file units not in the DB) or update (name, parent or OPD differ)."""
        ops: list[UnitOp] = []
        snap = self.snap
        codes = list(self.file_units)
        # A moved unit takes its database descendants along: their OPD must follow. Only those
        # are looked at, so an import never touches units it has no business with.
        moved = {
            code
            for code in codes
            if code in snap.units_by_code and self._db_parent(code) != self.final_parent(code)
        }
        if moved:
            codes += [
                code
                for code in snap.units_by_code
                if code not in self.file_units and self._below(code, moved)
            ]
        for code in codes:
            top = self.top_code(code)
            if top is None:
                continue
            existing = snap.units_by_code.get(code)
            parent = self.final_parent(code) or ""
            in_file = code in self.file_units
            name = self.file_units[code].name if in_file else existing.name
            if existing is None:
                kind = infer_unit_kind(name, bool(parent))
                ops.append(UnitOp(code, name, kind, parent, top, None, depth=self._depth(code)))
                continue
            current_parent = snap.units_by_id[existing.parent_id].code if existing.parent_id else ""
            top_unit = snap.units_by_code.get(top)
            same_opd = top_unit is not None and existing.opd_id == top_unit.id
            if (
                (existing.name, current_parent) != (name, parent)
                or not same_opd
                or (code in self.file_units and not existing.is_active)
            ):
                ops.append(
                    UnitOp(code, name, existing.kind, parent, top, existing.id, in_file=in_file)
                )
        return ops

    def same_name_warnings(self, ops: list[UnitOp]) -> list[str]:
        """A new unit named like another unit at its level (the same parent; OPDs at the top),
        in the system or in the file: not an error (two OPDs may well have a "Bagian Umum"),
        but two siblings of one name are most often a unit imported again under a new code."""
        siblings: dict[tuple, list[str]] = {}
        for unit in self.snap.units_by_code.values():
            parent = self.snap.units_by_id[unit.parent_id].code if unit.parent_id else None
            siblings.setdefault((parent, _same_name(unit.name)), []).append(unit.code)
        new = [op for op in ops if op.db_id is None]
        for op in new:
            siblings.setdefault((op.parent_code or None, _same_name(op.name)), []).append(op.code)
        warnings = []
        for op in new:
            others = [
                code
                for code in siblings[(op.parent_code or None, _same_name(op.name))]
                if code != op.code
            ]
            if others:
                warnings.append(
                    _(
                        "New unit %(code)s has the same name “%(name)s” as %(others)s at the "
                        "same level; check that it is not the same unit under another code."
                    )
                    % {"code": op.code, "name": op.name, "others": ", ".join(sorted(others))}
                )
        return warnings

    def _db_parent(self, code: str) -> str | None:
        unit = self.snap.units_by_code.get(code)
        if unit is None or unit.parent_id is None:
            return None
        return self.snap.units_by_id[unit.parent_id].code

    def _below(self, code: str, ancestors: set[str]) -> bool:
        seen, current = set(), self.final_parent(code)
        while current is not None and current not in seen:
            if current in ancestors:
                return True
            seen.add(current)
            current = self.final_parent(current)
        return False

    def _depth(self, code: str) -> int:
        depth, current = 0, self.final_parent(code)
        while current is not None and depth < 1000:
            depth += 1
            current = self.final_parent(current)
        return depth
