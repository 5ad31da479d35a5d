"""Scoped reads for dashboards and lists, built from a few queries (no per-row queries)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import chain

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.choices import PPK_ELIGIBLE_KINDS, AssignmentKind, EmployeeStatus
from accounts.org.models import Assignment, Employee, OrgUnit, Position
from core.queries import count_subquery


def held_on(on: dt.date) -> Q:
    return Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gte=on))


def vacant_structural_positions(positions: QuerySet[Position], on: dt.date) -> QuerySet[Position]:
    """Active posts at pengawas level or above that nobody holds (definitively or acting) on a date."""
    kinds = list(PPK_ELIGIBLE_KINDS)
    filled = Assignment.objects.filter(
        held_on(on),
        position=OuterRef("pk"),
        # Redundant (the outer post is structural) but it lets PostgreSQL hash only the
        # structural posts' assignments, not a province's 100,000.
        position__kind__in=kinds,
        employee__status=EmployeeStatus.ACTIVE,
    )
    # The people this vacancy leaves without their usual PPK: holders of the posts below it. A
    # subquery, not a Count over a join, so that neither the page nor its count groups every post.
    staff = count_subquery(
        Employee.objects.filter(position__parent=OuterRef("pk"), status=EmployeeStatus.ACTIVE),
        "position__parent",
    )
    return (
        positions.filter(kind__in=kinds, is_active=True)
        .exclude(Exists(filled))
        .select_related("unit", "parent")
        .annotate(staff_count=staff)
        .order_by("unit__code", "name")
    )


def acting_assignments(positions: QuerySet[Position], on: dt.date) -> QuerySet[Assignment]:
    """Plt/Plh assignments current on a date, soonest ending first."""
    return (
        Assignment.objects.filter(held_on(on), position__in=positions)
        .exclude(kind=AssignmentKind.DEFINITIF)
        .select_related("employee", "position__unit")
        .order_by("end_date", "start_date")
    )


def active_opds() -> QuerySet[OrgUnit]:
    """The OPDs in use (top-level units), by code."""
    return OrgUnit.objects.filter(parent__isnull=True, is_active=True).order_by("code")


def opds_managed(roles) -> QuerySet[OrgUnit]:
    """The OPDs in use an administrator manages: all for admin BKD, their own for admin OPD."""
    opds = active_opds()
    return opds if roles.is_admin_bkd else opds.filter(pk__in=sorted(roles.admin_opd_ids))


def opd_overview(opds: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
    """Per OPD: active employees and positions, in one query. A count subquery per OPD rather
    than COUNT(DISTINCT) over units × posts × people, which sorted a province's 100,000 rows."""
    employees = Employee.objects.filter(
        status=EmployeeStatus.ACTIVE, position__unit__opd=OuterRef("pk")
    )
    return (
        opds.filter(parent__isnull=True)
        .annotate(
            employee_count=count_subquery(employees, "position__unit__opd"),
            position_count=count_subquery(
                Position.objects.filter(unit__opd=OuterRef("pk")), "unit__opd"
            ),
        )
        .order_by("code")
    )


def employees_without_position(employees: QuerySet[Employee]) -> QuerySet[Employee]:
    return employees.filter(status=EmployeeStatus.ACTIVE, position__isnull=True)


def change_history(*history_querysets, limit: int = 50) -> list[dict]:
    """Recorded changes (django-simple-history) from several models, newest first, each with the
    fields that changed (verbose name, old, new). Consecutive records of one object are diffed in
    memory, so the page costs one query per model however long the history."""
    records = list(
        chain.from_iterable(
            qs.select_related("history_user").order_by("-history_date")[:limit]
            for qs in history_querysets
        )
    )
    records.sort(key=lambda r: r.history_date)
    previous_of: dict = {}
    last_seen: dict = {}
    for record in records:
        # Not record.instance: for a model with excluded history fields (Employee's account
        # link) building it costs a query per record.
        key = (record._meta.model, getattr(record, record.instance_type._meta.pk.attname))
        previous_of[id(record)] = last_seen.get(key)
        last_seen[key] = record
    rows, wanted = [], defaultdict(set)
    for record in reversed(records[-limit:]):
        previous = previous_of[id(record)] if record.history_type == "~" else None
        changes = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                field = record.instance_type._meta.get_field(change.field)
                if field.is_relation:
                    wanted[field.related_model].update(v for v in (change.old, change.new) if v)
                changes.append((field, change.old, change.new))
        rows.append(
            {"record": record, "model": record.instance_type._meta.verbose_name, "changes": changes}
        )
    # Foreign keys are stored as ids: show names instead, one query per related model.
    names = {model: model._default_manager.in_bulk(ids) for model, ids in wanted.items()}
    for row in rows:
        row["changes"] = [
            (
                field.verbose_name,
                _display(field, old, names),
                _display(field, new, names),
            )
            for field, old, new in row["changes"]
        ]
    return rows


def _display(field, value, names):
    if value in (None, ""):
        return value
    if field.is_relation:
        return str(names[field.related_model].get(value, value))
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


# ------------------------------------------------------------------------------------ the tree
def opd_id_of(unit: OrgUnit) -> int:
    return unit.opd_id or unit.pk


def opd_tree(unit: OrgUnit) -> dict[int, int | None]:
    """unit id → parent id for every unit of the unit's OPD (one query)."""
    opd_id = opd_id_of(unit)
    return dict(
        OrgUnit.objects.filter(Q(opd_id=opd_id) | Q(pk=opd_id)).values_list("pk", "parent_id")
    )


def ancestor_ids(unit_id: int, tree: dict[int, int | None]) -> list[int]:
    """The unit and every unit above it, nearest first (a guard stops a cycle in bad data)."""
    result, current = [], unit_id
    while current is not None and current not in result:
        result.append(current)
        current = tree.get(current)
    return result


def subtree_ids(unit_id: int, tree: dict[int, int | None]) -> list[int]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in tree.items():
        children[parent_id].append(pk)
    result, stack = [], [unit_id]
    while stack:
        current = stack.pop()
        if current in result:
            continue
        result.append(current)
        stack.extend(children.get(current, []))
    return result
