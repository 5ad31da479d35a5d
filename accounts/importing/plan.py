"""The data an import passes from validation to writing: errors, the planned changes, counts."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    """A problem in one cell: spreadsheet row number, column header, Indonesian message."""

    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


class Action:
    """What the import does with one employee row."""

    CREATED = "created"
    UPDATED = "updated"
    MOVED = "moved"
    UNCHANGED = "unchanged"
    REMOVED = "removed"  # not in a file declared complete for its OPDs: has left

    @staticmethod
    def label(action: str) -> str:
        return {
            Action.CREATED: _("New"),
            Action.UPDATED: _("Updated"),
            Action.MOVED: _("Moved (mutasi)"),
            Action.UNCHANGED: _("Unchanged"),
            Action.REMOVED: _("Removed"),
        }.get(action, action)


@dataclass
class EmployeeRow:
    """The typed values of one row that passed the per-row checks."""

    row: int
    nip: str
    name: str
    front_title: str
    back_title: str
    employment_type: str
    golongan: str
    unit_code: str
    unit_name: str
    parent_code: str
    position_name: str
    position_kind: str
    jenjang: str
    supervisor_nip: str
    email: str
    phone: str


@dataclass
class UnitOp:
    """The final state of a unit the import creates or changes (db_id None = new)."""

    code: str
    name: str
    kind: str
    parent_code: str
    top_code: str
    db_id: int | None
    depth: int = 0
    in_file: bool = True  # listed in the file, so (re)activated; else only its OPD follows a move


@dataclass(eq=False)
class PositionNode:
    """A position rows resolve to: an existing one (db_id) or one to create."""

    unit_code: str
    name: str
    kind: str
    jenjang: str
    parent: PositionNode | None
    parent_db_id: int | None
    db_id: int | None = None
    first_row: int = 0
    needs_update: bool = False
    depth: int = 0
    pk: int | None = None  # set when written

    @property
    def parent_pk(self) -> int | None:
        return self.parent.pk if self.parent is not None else self.parent_db_id


@dataclass
class EmployeeOp:
    data: EmployeeRow
    node: PositionNode
    db_id: int | None
    action: str
    fields_changed: bool = False
    position_field_stale: bool = False
    needs_account: bool = False  # no login account yet: the import creates (or links) one
    account_id: int | None = None  # an unlinked account named by the NIP, to link


@dataclass
class RemovalOp:
    """An employee of one of the file's OPDs who is missing from a file declared complete."""

    db_id: int
    nip: str
    name: str
    unit_code: str
    position_name: str
    user_id: int | None
    account_active: bool


COUNT_KEYS = (
    "rows",
    "units_created",
    "units_updated",
    "positions_created",
    "positions_updated",
    "employees_created",
    "employees_updated",
    "employees_moved",
    "employees_unchanged",
    "employees_removed",
    "accounts_created",
    "accounts_deactivated",
)


@dataclass
class ImportPlan:
    """Everything parse_and_validate found: errors, or the changes apply_plan would make."""

    source_rows: list = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    import_date: dt.date | None = None
    complete: bool = False  # the file lists all employees of its OPDs: the missing ones left
    units: list[UnitOp] = field(default_factory=list)
    positions: list[PositionNode] = field(default_factory=list)
    employees: list[EmployeeOp] = field(default_factory=list)
    removals: list[RemovalOp] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_KEYS, 0))
    # Not errors: what the preview asks the administrator to look at before confirming.
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.errors

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + len(self.errors)

    def preview_rows(self) -> list[list]:
        """[row, nip, name, unit code, position name, action] per employee row, in file order,
        then the removed employees (row None) by unit and name."""
        rows = [
            [
                op.data.row,
                op.data.nip,
                op.data.name,
                op.data.unit_code,
                op.data.position_name,
                op.action,
            ]
            for op in self.employees
        ]
        rows += [
            [None, op.nip, op.name, op.unit_code, op.position_name, Action.REMOVED]
            for op in self.removals
        ]
        return rows

    def summary(self) -> dict[str, Any]:
        """The counts and the options that produced them, as kept on the import record."""
        summary: dict[str, Any] = {**self.counts, "complete": self.complete}
        if self.warnings:
            summary["warnings"] = self.warnings
        return summary

    def fingerprint(self) -> str:
        """What the preview promised; apply refuses to write when the DB now says otherwise."""
        return preview_fingerprint(self.summary(), self.preview_rows())

    def errors_as_dicts(self) -> list[dict[str, Any]]:
        file_level = [{"row": None, "column": "", "message": m} for m in self.file_errors]
        return file_level + [e.as_dict() for e in self.errors]


def preview_fingerprint(summary: dict[str, Any], rows: list[list]) -> str:
    """A digest of a preview's summary and rows, equal for a plan and for the same preview kept
    as JSON on its import record (lists for tuples, key order ignored), so the confirmation can
    compare the plan it builds with what was shown without building the preview's plan again."""
    payload = json.dumps([summary, rows], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass
class ImportResult:
    counts: dict[str, int]
    import_date: dt.date

    @property
    def summary_line(self) -> str:
        c = self.counts
        return (
            f"created={c['employees_created']} updated={c['employees_updated']} "
            f"moved={c['employees_moved']} unchanged={c['employees_unchanged']} "
            f"removed={c['employees_removed']} accounts_created={c['accounts_created']} "
            f"accounts_deactivated={c['accounts_deactivated']}"
        )
