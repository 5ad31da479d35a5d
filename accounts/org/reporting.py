"""Reporting lines: who is an employee's PPK and Atasan PPK on a date (domain §1).

Rules, in order:
1. An admin override (AppraiserOverride active on the date) wins, for the PPK and/or the Atasan PPK.
2. Otherwise the PPK is the holder of the nearest parent position (walking up from the employee's
   definitive position) that is at least pengawas level and filled on the date. Vacant posts and posts
   below pengawas are skipped upward. Acting holders count: a Plh or Plt on the date acts for the post
   (they exist precisely because the definitive holder cannot act), so Plh > Plt > definitive.
3. Past the top of the tree the PPK is the configured external appraiser (the Kepala Daerah).
4. The Atasan PPK is the PPK's own PPK; nobody is above the external appraiser.

OrgSnapshot loads positions and assignments for the OPDs involved in a few queries, so a team page
resolves every subordinate without a query per person.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from accounts.choices import PPK_ELIGIBLE_KINDS, AssignmentKind, EmployeeStatus
from accounts.org.models import AgencyProfile, AppraiserOverride, Assignment, Employee, Position
from accounts.org.selectors import held_on

ACTING_PRIORITY = {AssignmentKind.PLH: 0, AssignmentKind.PLT: 1, AssignmentKind.DEFINITIF: 2}
MAX_DEPTH = 50  # a guard against a cycle slipping into the position tree


@dataclass(frozen=True)
class Appraiser:
    """A PPK or Atasan PPK as shown on documents: a person in the system or the external head."""

    name: str
    title: str
    nip: str = ""
    unit_name: str = ""
    employee_id: int | None = None
    acting: str = ""
    via_override: bool = False
    # The post through which this person appraises (None for overrides and the external head):
    # the Atasan PPK is found by walking on from it, not from the person's own definitive post.
    post_id: int | None = None

    @property
    def is_external(self) -> bool:
        return self.employee_id is None

    @property
    def title_with_acting(self) -> str:
        prefix = {AssignmentKind.PLT: "Plt. ", AssignmentKind.PLH: "Plh. "}.get(self.acting, "")
        return f"{prefix}{self.title}"


@dataclass(frozen=True)
class ReportingLine:
    ppk: Appraiser | None
    atasan_ppk: Appraiser | None


@dataclass(frozen=True)
class _Pos:
    id: int
    parent_id: int | None
    kind: str
    name: str
    unit_name: str


class OrgSnapshot:
    """Positions, holders and overrides on one date, loaded lazily per position chain."""

    def __init__(self, on: dt.date):
        self.on = on
        self._positions: dict[int, _Pos] = {}
        self._children: dict[int, list[int]] = defaultdict(list)
        self._holders: dict[int, list[tuple[str, int]]] = {}
        self._definitive: dict[int, int | None] = {}
        self._employees: dict[int, Employee] = {}
        self._overrides: dict[int, AppraiserOverride | None] = {}
        self._external: Appraiser | None = None

    # ----- loading -----------------------------------------------------------------------------
    def load_opds(self, opd_ids: Iterable[int]) -> None:
        """Load every position of these OPDs and who holds them on the date (3 queries)."""
        opd_ids = list(opd_ids)
        if not opd_ids:
            return
        positions = Position.objects.filter(unit__opd_id__in=opd_ids).values_list(
            "id", "parent_id", "kind", "name", "unit__name"
        )
        self._add_positions(positions)
        self._load_holders([p for p in self._positions if p not in self._holders])

    def _add_positions(self, rows) -> None:
        for pid, parent_id, kind, name, unit_name in rows:
            if pid not in self._positions:
                self._positions[pid] = _Pos(pid, parent_id, kind, name, unit_name)
                if parent_id:
                    self._children[parent_id].append(pid)

    def _position(self, position_id: int) -> _Pos:
        if position_id not in self._positions:
            self._add_positions(
                Position.objects.filter(pk=position_id).values_list(
                    "id", "parent_id", "kind", "name", "unit__name"
                )
            )
        return self._positions[position_id]

    def _load_holders(self, position_ids: list[int]) -> None:
        if not position_ids:
            return
        for pid in position_ids:
            self._holders.setdefault(pid, [])
        rows = (
            Assignment.objects.filter(held_on(self.on), position_id__in=position_ids)
            .filter(employee__status=EmployeeStatus.ACTIVE)
            .select_related("employee")
            .order_by("start_date", "pk")
        )
        for a in rows:
            self._holders[a.position_id].append((a.kind, a.employee_id))
            self._employees[a.employee_id] = a.employee
            if a.kind == AssignmentKind.DEFINITIF:
                self._definitive[a.employee_id] = a.position_id
        for pid in position_ids:
            self._holders[pid].sort(key=lambda h: ACTING_PRIORITY[h[0]])

    def holders(self, position_id: int) -> list[tuple[str, int]]:
        if position_id not in self._holders:
            self._load_holders([position_id])
        return self._holders[position_id]

    def employee(self, employee_id: int) -> Employee:
        if employee_id not in self._employees:
            self._employees[employee_id] = Employee.objects.get(pk=employee_id)
        return self._employees[employee_id]

    def definitive_position(self, employee_id: int) -> int | None:
        if employee_id not in self._definitive:
            assignment = (
                Assignment.objects.filter(
                    held_on(self.on), employee_id=employee_id, kind=AssignmentKind.DEFINITIF
                )
                .order_by("-start_date")
                .first()
            )
            self._definitive[employee_id] = assignment.position_id if assignment else None
        return self._definitive[employee_id]

    def override(self, employee_id: int) -> AppraiserOverride | None:
        if employee_id not in self._overrides:
            self._overrides[employee_id] = (
                AppraiserOverride.objects.filter(held_on(self.on), employee_id=employee_id)
                .select_related("ppk", "atasan_ppk")
                .order_by("-start_date", "-pk")
                .first()
            )
        return self._overrides[employee_id]

    def preload_overrides(self, employee_ids: Iterable[int]) -> None:
        ids = [e for e in employee_ids if e not in self._overrides]
        for e in ids:
            self._overrides[e] = None
        rows = (
            AppraiserOverride.objects.filter(held_on(self.on), employee_id__in=ids)
            .select_related("ppk", "atasan_ppk")
            .order_by("start_date", "pk")
        )
        for o in rows:  # later starts overwrite earlier ones
            self._overrides[o.employee_id] = o

    # ----- answers -------------------------------------------------------------------------------
    def external(self) -> Appraiser:
        if self._external is None:
            profile = AgencyProfile.current()
            self._external = Appraiser(
                name=profile.head_name or profile.head_title, title=profile.head_title
            )
        return self._external

    def _appraiser(self, employee: Employee, via_override: bool = False) -> Appraiser:
        position_id = self.definitive_position(employee.pk)
        position = self._position(position_id) if position_id else None
        return Appraiser(
            name=employee.full_name,
            title=position.name if position else "",
            nip=employee.nip,
            unit_name=position.unit_name if position else "",
            employee_id=employee.pk,
            via_override=via_override,
        )

    def _walk_up(self, post_id: int | None, exclude_id: int) -> Appraiser:
        """The holder of the nearest filled post at pengawas level or above, from `post_id` up
        (the excluded person never appraises themself); the external head past the top."""
        current = post_id
        for _step in range(MAX_DEPTH):
            if current is None:
                break
            position = self._position(current)
            if position.kind in PPK_ELIGIBLE_KINDS:
                for kind, holder_id in self.holders(current):
                    if holder_id != exclude_id:
                        holder = self.employee(holder_id)
                        return Appraiser(
                            name=holder.full_name,
                            title=position.name,
                            nip=holder.nip,
                            unit_name=position.unit_name,
                            employee_id=holder_id,
                            acting="" if kind == AssignmentKind.DEFINITIF else kind,
                            post_id=current,
                        )
            current = position.parent_id
        return self.external()

    def structural_ppk(self, employee_id: int) -> Appraiser | None:
        """From the employee's definitive post upward; None for someone with no post on the date
        (not placed in the organisation: no appraiser until a position is recorded)."""
        position_id = self.definitive_position(employee_id)
        if position_id is None:
            return None
        return self._walk_up(self._position(position_id).parent_id, employee_id)

    def ppk(self, employee_id: int) -> Appraiser | None:
        override = self.override(employee_id)
        if override and override.ppk_id:
            return self._appraiser(override.ppk, via_override=True)
        return self.structural_ppk(employee_id)

    def reporting_line(self, employee_id: int) -> ReportingLine:
        ppk = self.ppk(employee_id)
        override = self.override(employee_id)
        if override and override.atasan_ppk_id:
            atasan = self._appraiser(override.atasan_ppk, via_override=True)
        elif ppk is None or ppk.is_external:
            atasan = None
        elif ppk.post_id is None:
            atasan = self.ppk(ppk.employee_id)  # a delegated PPK: their own appraiser
        else:
            # The PPK's superior in the post they appraise through (a Plt answers upward from the
            # post they act in), unless the PPK's own appraiser was delegated.
            own = self.override(ppk.employee_id)
            if own and own.ppk_id:
                atasan = self._appraiser(own.ppk, via_override=True)
            else:
                atasan = self._walk_up(self._position(ppk.post_id).parent_id, ppk.employee_id)
        return ReportingLine(ppk=ppk, atasan_ppk=atasan)

    def post_line(self, position_id: int, former_holder_id: int) -> ReportingLine:
        """The PPK and Atasan PPK of a post as it is filled on the date, for an employee who held
        it before (a mutasi split their year): the holder of the nearest filled post above it at
        pengawas level or above — the PPK of that time while they still hold it, else their
        successor — and that PPK's superior; the external head past the top. The former holder's
        own overrides do not apply: a delegation follows the person, not the post they left."""
        ppk = self._walk_up(self._position(position_id).parent_id, former_holder_id)
        if ppk.is_external:
            return ReportingLine(ppk=ppk, atasan_ppk=None)
        own = self.override(ppk.employee_id)
        if own and own.ppk_id:
            atasan = self._appraiser(own.ppk, via_override=True)
        else:
            atasan = self._walk_up(self._position(ppk.post_id).parent_id, ppk.employee_id)
        return ReportingLine(ppk=ppk, atasan_ppk=atasan)

    def subordinate_ids(self, employee_id: int) -> list[int]:
        """Employees whose PPK (structural or by override) is this employee on the date."""
        held = [
            a.position_id
            for a in Assignment.objects.filter(held_on(self.on), employee_id=employee_id)
        ]
        candidates: set[int] = set()
        for position_id in held:
            position = self._position(position_id)
            if position.kind not in PPK_ELIGIBLE_KINDS:
                continue
            holders = [h for _k, h in self.holders(position_id)]
            if not holders or holders[0] != employee_id:
                continue  # someone with acting priority answers for this post
            self.load_opds_of_position(position_id)
            candidates.update(self._descend(position_id, employee_id))
        self.preload_overrides(candidates)
        result = candidates | set(
            AppraiserOverride.objects.filter(held_on(self.on), ppk_id=employee_id)
            .filter(employee__status=EmployeeStatus.ACTIVE)
            .values_list("employee_id", flat=True)
        )
        result = {e for e in result if getattr(self.ppk(e), "employee_id", None) == employee_id}
        result.discard(employee_id)
        return sorted(result)

    def load_opds_of_position(self, position_id: int) -> None:
        """Load the position's OPD, then every OPD holding a post that reports into a loaded one
        (a Camat reporting to the Sekda sits in another OPD), until nothing new appears."""
        loaded = getattr(self, "_loaded_opds", set())
        pending = (
            set(Position.objects.filter(pk=position_id).values_list("unit__opd_id", flat=True))
            - loaded
        )
        while pending:
            self.load_opds(pending)
            loaded |= pending
            pending = (
                set(
                    Position.objects.filter(parent__unit__opd_id__in=loaded)
                    .exclude(unit__opd_id__in=loaded)
                    .values_list("unit__opd_id", flat=True)
                )
                - loaded
                - {None}
            )
        self._loaded_opds = loaded

    def _descend(self, position_id: int, appraiser_id: int) -> set[int]:
        found: set[int] = set()
        stack = list(self._children.get(position_id, []))
        seen: set[int] = set()
        while stack:
            child_id = stack.pop()
            if child_id in seen:
                continue
            seen.add(child_id)
            child = self._positions[child_id]
            holders = self.holders(child_id)
            found.update(
                h for kind, h in holders if kind == AssignmentKind.DEFINITIF and h != appraiser_id
            )
            filled_by_other = any(h != appraiser_id for _k, h in holders)
            if child.kind not in PPK_ELIGIBLE_KINDS or not filled_by_other:
                stack.extend(self._children.get(child_id, []))
        return found


def reporting_line(employee: Employee, on: dt.date | None = None) -> ReportingLine:
    """The employee's PPK and Atasan PPK on a date (today by default)."""
    from django.utils import timezone

    return OrgSnapshot(on or timezone.localdate()).reporting_line(employee.pk)


def subordinates(employee: Employee, on: dt.date | None = None):
    """The employees this employee appraises (as PPK) on a date, as a queryset ordered by name."""
    from django.utils import timezone

    ids = OrgSnapshot(on or timezone.localdate()).subordinate_ids(employee.pk)
    return Employee.objects.filter(pk__in=ids).select_related("position__unit").order_by("name")
