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

from django.db.models import Q, QuerySet

from accounts.choices import PPK_ELIGIBLE_KINDS, AssignmentKind, EmployeeStatus
from accounts.org.models import AgencyProfile, AppraiserOverride, Assignment, Employee, Position
from accounts.org.selectors import held_on

ACTING_PRIORITY = {AssignmentKind.PLH: 0, AssignmentKind.PLT: 1, AssignmentKind.DEFINITIF: 2}
# A holder's employee record as read with their assignment (OrgSnapshot._load_holders).
_EMPLOYEE_FIELDS = [f.name for f in Employee._meta.concrete_fields]
_EMPLOYEE_ATTNAMES = [f.attname for f in Employee._meta.concrete_fields]
_EMPLOYEE_PK = _EMPLOYEE_ATTNAMES.index(Employee._meta.pk.attname)
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
        self._employee_rows: dict[int, list] = {}  # holders not yet asked for (employee())
        self._alias = "default"
        self._overrides: dict[int, AppraiserOverride | None] = {}
        self._external: Appraiser | None = None
        # Walks up the tree kept per starting post (_walk_up): the PPK and the holders looked at.
        self._walks: dict[int | None, tuple[Appraiser, list[set[int]]]] = {}

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
        # The holders by OPD, not by a list of every post: an IN of a province's 100,000 post
        # ids took longer to send than the rows took to read.
        self._load_holders(
            [p for p in self._positions if p not in self._holders],
            Q(position__unit__opd_id__in=opd_ids),
        )

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

    def _load_holders(self, position_ids: list[int], where: Q | None = None) -> None:
        """Who holds these posts on the date (one query; `where`: the same posts, or more, as a
        condition). Each holder is kept as the row of their employee record and made a model
        instance only when asked for (employee()): a province's 100,000 instances cost seconds
        where a walk needs a few thousand PPKs."""
        if not position_ids:
            return
        wanted = set(position_ids)
        for pid in position_ids:
            self._holders.setdefault(pid, [])
        rows = (
            Assignment.objects.filter(held_on(self.on))
            .filter(where if where is not None else Q(position_id__in=position_ids))
            .filter(employee__status=EmployeeStatus.ACTIVE)
            .order_by("start_date", "pk")
            .values_list("position_id", "kind", *(f"employee__{name}" for name in _EMPLOYEE_FIELDS))
        )
        self._alias = rows.db
        for position_id, kind, *employee in rows:
            if position_id not in wanted:
                continue  # loaded before
            employee_id = employee[_EMPLOYEE_PK]
            self._holders[position_id].append((kind, employee_id))
            if employee_id not in self._employees:
                self._employee_rows[employee_id] = employee
            if kind == AssignmentKind.DEFINITIF:
                self._definitive[employee_id] = position_id
        for pid in position_ids:
            self._holders[pid].sort(key=lambda h: ACTING_PRIORITY[h[0]])

    def load_ancestors(self) -> None:
        """Load the posts above the loaded ones that lie in other OPDs (a Camat's post reports to
        the Sekda's, in the Setda), their whole OPD at a time, until every parent is loaded: a
        walk up then never reads one post and its holders per step."""
        while True:
            missing = {
                p.parent_id
                for p in self._positions.values()
                if p.parent_id and p.parent_id not in self._positions
            }
            if not missing:
                return
            opd_ids = set(
                Position.objects.filter(pk__in=missing).values_list("unit__opd_id", flat=True)
            )
            self.load_opds(opd_ids - {None})
            # A post whose unit has no OPD recorded is read on its own.
            self._add_positions(
                Position.objects.filter(pk__in=missing - set(self._positions)).values_list(
                    "id", "parent_id", "kind", "name", "unit__name"
                )
            )
            self._load_holders([p for p in missing if p not in self._holders])

    def position(self, position_id: int) -> _Pos:
        """A post (id, parent, kind, name, unit name), from the loaded ones when it is there."""
        return self._position(position_id)

    def holders(self, position_id: int) -> list[tuple[str, int]]:
        if position_id not in self._holders:
            self._load_holders([position_id])
        return self._holders[position_id]

    def employee(self, employee_id: int) -> Employee:
        if employee_id not in self._employees:
            row = self._employee_rows.pop(employee_id, None)
            self._employees[employee_id] = (
                Employee.from_db(self._alias, _EMPLOYEE_ATTNAMES, row)
                if row is not None
                else Employee.objects.get(pk=employee_id)
            )
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

    def preload_definitive(self, employee_ids: Iterable[int]) -> None:
        """The definitive posts on the date of these employees, in one query, for those whose
        post the loaded holders did not tell (someone whose recorded post has no current
        assignment has none): definitive_position then answers without a query each."""
        ids = [e for e in employee_ids if e not in self._definitive]
        if not ids:
            return
        for e in ids:
            self._definitive[e] = None
        rows = Assignment.objects.filter(
            held_on(self.on), employee_id__in=ids, kind=AssignmentKind.DEFINITIF
        ).order_by("start_date", "pk")
        for employee_id, position_id in rows.values_list("employee_id", "position_id"):
            self._definitive[employee_id] = position_id  # the latest start wins, as above

    def override(self, employee_id: int) -> AppraiserOverride | None:
        if employee_id not in self._overrides:
            self._overrides[employee_id] = (
                AppraiserOverride.objects.filter(held_on(self.on), employee_id=employee_id)
                .select_related("ppk", "atasan_ppk")
                .order_by("-start_date", "-pk")
                .first()
            )
        return self._overrides[employee_id]

    def preload_overrides(self, employee_ids: Iterable[int], among: QuerySet | None = None) -> None:
        """The overrides of these employees on the date, in one query. `among`: the same
        employees as a subquery, for a long list (the ids of a province took seconds to send)."""
        ids = [e for e in employee_ids if e not in self._overrides]
        for e in ids:
            self._overrides[e] = None
        wanted = set(ids)
        who = Q(employee__in=among) if among is not None else Q(employee_id__in=ids)
        rows = (
            AppraiserOverride.objects.filter(held_on(self.on), who)
            .select_related("ppk", "atasan_ppk")
            .order_by("start_date", "pk")
        )
        for o in rows:  # later starts overwrite earlier ones
            if o.employee_id in wanted:  # not one read before (`among` may hold them)
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
        (the excluded person never appraises themself); the external head past the top.

        A walk that did not meet the excluded person among the holders it looked at is kept per
        post: it is the same for anyone else who is not among them either (the people of a
        province walk the same few thousand chains)."""
        kept = self._walks.get(post_id)
        if kept is not None and not any(exclude_id in ids for ids in kept[1]):
            return kept[0]
        met, looked_at, found = False, [], None
        current = post_id
        for _step in range(MAX_DEPTH):
            if current is None:
                break
            position = self._position(current)
            if position.kind in PPK_ELIGIBLE_KINDS:
                holders = self.holders(current)
                looked_at.append({holder_id for _kind, holder_id in holders})
                for kind, holder_id in holders:
                    if holder_id == exclude_id:
                        met = True
                        continue
                    holder = self.employee(holder_id)
                    found = Appraiser(
                        name=holder.full_name,
                        title=position.name,
                        nip=holder.nip,
                        unit_name=position.unit_name,
                        employee_id=holder_id,
                        acting="" if kind == AssignmentKind.DEFINITIF else kind,
                        post_id=current,
                    )
                    break
                if found is not None:
                    break
            current = position.parent_id
        found = found or self.external()
        if not met:
            self._walks[post_id] = (found, looked_at)
        return found

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
