"""Positions in the file: which post each row's employee holds after the import.

A row names its position by unit, name and direct supervisor: the post hangs under the
supervisor's (a post the file creates, or one in the database). Rows naming the same post under
the same supervisor share one node; an existing post with that key is reused (and updated when its
type, level or active flag differ), any other is created. Rows are resolved supervisors first, so
a node's parent is always known when it is built.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from accounts.importing.plan import EmployeeRow, PositionNode
from accounts.importing.scope import Scope
from accounts.importing.snapshot import Snapshot, position_key
from accounts.importing.workbook import Col

# A row's position hangs under a node the file creates, or under a database position (its id),
# or under nothing (a head of an OPD): (None, None).
Parent = tuple[PositionNode | None, int | None]


class PositionResolver:
    def __init__(
        self,
        by_nip: dict[str, EmployeeRow],
        snap: Snapshot,
        scope: Scope,
        bad_rows: set[int],
        error: Callable[[EmployeeRow, str, str], None],
    ):
        # Shared with the validator, which fills by_nip and bad_rows as it checks the rows.
        self.by_nip = by_nip
        self.snap = snap
        self.scope = scope
        self.bad_rows = bad_rows
        self._error = error
        self.nodes: list[PositionNode] = []
        self.resolved: dict[str, PositionNode | None] = {}
        self._nodes_by_key: dict[tuple, PositionNode] = {}

    def resolve(self, nip: str) -> PositionNode | None:
        """The node of the row with this NIP (None if it or a supervisor above it is in error),
        resolving the chain of supervisors in the file above it first."""
        chain: list[str] = []
        current = nip
        while current in self.by_nip and current not in self.resolved and current not in chain:
            chain.append(current)
            current = self.by_nip[current].supervisor_nip
        for pending in reversed(chain):
            self.resolved[pending] = self._resolve_one(self.by_nip[pending])
        return self.resolved.get(nip)

    def _resolve_one(self, row: EmployeeRow) -> PositionNode | None:
        if row.row in self.bad_rows:
            return None
        parent = self._parent_of(row)
        if parent is None:
            return None  # the supervisor's row has the error; it is reported there
        parent_node, parent_db = parent
        name = " ".join(row.position_name.split())
        key = (row.unit_code, name.casefold(), parent_db, id(parent_node) if parent_node else None)
        node = self._nodes_by_key.get(key)
        if node is not None:
            return self._same_post(row, node, name)
        node = self._new_node(row, name, parent_node, parent_db)
        if node is not None:
            self._nodes_by_key[key] = node
            self.nodes.append(node)
        return node

    def _parent_of(self, row: EmployeeRow) -> Parent | None:
        """Where the row's post hangs; None when the supervisor's own row failed."""
        if row.supervisor_nip in self.by_nip:
            parent_node = self.resolved.get(row.supervisor_nip)
            if parent_node is None:
                return None
            if parent_node.db_id is not None:
                return None, parent_node.db_id
            return parent_node, None
        if row.supervisor_nip:
            return None, self.snap.employees[row.supervisor_nip].position_id
        return None, None

    def _same_post(self, row: EmployeeRow, node: PositionNode, name: str) -> PositionNode | None:
        """A post an earlier row named already: it must have the same type and level."""
        if (node.kind, node.jenjang) == (row.position_kind, row.jenjang):
            return node
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

    def _new_node(
        self,
        row: EmployeeRow,
        name: str,
        parent_node: PositionNode | None,
        parent_db: int | None,
    ) -> PositionNode | None:
        """The first row naming a post: an existing post with its key, or a new one."""
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
        # An admin OPD may not hang a new position under another OPD's (existing links, made by
        # BKD, stay usable: a row resolving to its current position creates nothing).
        if (
            node.db_id is None
            and parent_db is not None
            and not self.scope.position_allowed(parent_db)
        ):
            self._error(
                row,
                Col.SUPERVISOR_NIP,
                _(
                    "Supervisor %(nip)s holds a position outside your OPD: only the BKD "
                    "administrator can place a new position under it."
                )
                % {"nip": row.supervisor_nip},
            )
            return None
        if node.db_id is not None:
            existing = self.snap.positions[node.db_id]
            node.needs_update = (existing.name, existing.kind, existing.jenjang) != (
                name,
                row.position_kind,
                row.jenjang,
            ) or not existing.is_active
        return node
