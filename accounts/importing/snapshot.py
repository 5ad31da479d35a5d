"""The organisation as the database holds it, loaded in a handful of queries.

Validation looks everything up here in memory, so 20,000 rows cost the same few queries as one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.auth import get_user_model

from accounts.choices import AssignmentKind, EmployeeStatus
from accounts.org.models import Assignment, Employee, OrgUnit, Position


class UnitSnap(NamedTuple):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    opd_id: int | None
    is_active: bool


class PositionSnap(NamedTuple):
    id: int
    unit_id: int
    name: str
    kind: str
    jenjang: str
    parent_id: int | None
    is_active: bool


class EmployeeSnap(NamedTuple):
    id: int
    nip: str
    name: str
    front_title: str
    back_title: str
    employment_type: str
    golongan: str
    email: str
    phone: str
    status: str
    position_id: int | None
    user_id: int | None


class OpenAssignment(NamedTuple):
    id: int
    position_id: int
    start_date: object


def position_key(unit_id: int, name: str, parent_id: int | None) -> tuple:
    """Positions are matched on (unit, name, parent); names ignore case and extra spaces."""
    return (unit_id, " ".join(name.split()).casefold(), parent_id)


@dataclass
class Snapshot:
    units_by_code: dict[str, UnitSnap] = field(default_factory=dict)
    units_by_id: dict[int, UnitSnap] = field(default_factory=dict)
    positions: dict[int, PositionSnap] = field(default_factory=dict)
    position_index: dict[tuple, int] = field(default_factory=dict)
    employees: dict[str, EmployeeSnap] = field(default_factory=dict)
    holders: dict[int, list[str]] = field(default_factory=dict)
    open_definitive: dict[int, OpenAssignment] = field(default_factory=dict)
    # Login accounts: username → id, and which are active (for provisioning and removals).
    user_ids: dict[str, int] = field(default_factory=dict)
    active_user_ids: set[int] = field(default_factory=set)

    @classmethod
    def load(cls) -> Snapshot:
        snap = cls()
        for unit in OrgUnit.objects.values_list(*UnitSnap._fields).iterator(chunk_size=5000):
            u = UnitSnap(*unit)
            snap.units_by_code[u.code] = u
            snap.units_by_id[u.id] = u
        # Lowest id first, active before inactive: when several positions share a key (nothing
        # forbids it), rows consistently resolve to the same, preferably active, one.
        positions = Position.objects.values_list(*PositionSnap._fields).order_by("-is_active", "id")
        for row in positions.iterator(chunk_size=5000):
            p = PositionSnap(*row)
            snap.positions[p.id] = p
            snap.position_index.setdefault(position_key(p.unit_id, p.name, p.parent_id), p.id)
        holders = defaultdict(list)
        for row in Employee.objects.values_list(*EmployeeSnap._fields).iterator(chunk_size=5000):
            e = EmployeeSnap(*row)
            snap.employees[e.nip] = e
            if e.position_id is not None and e.status == EmployeeStatus.ACTIVE:
                holders[e.position_id].append(e.nip)
        snap.holders = dict(holders)
        open_rows = Assignment.objects.filter(
            kind=AssignmentKind.DEFINITIF, end_date__isnull=True
        ).values_list("employee_id", "id", "position_id", "start_date")
        for employee_id, *rest in open_rows.iterator(chunk_size=5000):
            snap.open_definitive[employee_id] = OpenAssignment(*rest)
        users = get_user_model().objects.values_list("id", "username", "is_active")
        for user_id, username, is_active in users.iterator(chunk_size=5000):
            snap.user_ids[username] = user_id
            if is_active:
                snap.active_user_ids.add(user_id)
        return snap

    def unit_top_id(self, unit: UnitSnap) -> int:
        return unit.opd_id or unit.id
