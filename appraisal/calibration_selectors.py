"""Calibration reads (domain §6): which units a user may calibrate, and the rows of one unit.

Access: the kepala of the unit or of a unit above it (roles.headed_units), the admin OPD of the
unit's OPD and the admin BKD see a unit's calibration. Someone with none of these roles is refused
(403); someone with a role whose scope does not hold the unit gets 404. The organisational
predicate is set by the leader one level up (the head of the parent unit, or the kepala of the OPD
for any of its subunits) or by an admin BKD on their behalf; finalising is for that leader, the
admin OPD and the admin BKD. services/calibration.py checks the same again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import OrgUnit
from accounts.roles import Roles
from appraisal import rules
from appraisal.choices import ANNUAL, EvaluationStatus
from appraisal.models import Cycle, Evaluation, UnitFinalisation, UnitPredicate


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


# ----------------------------------------------------------------------------------- access
def has_calibration_role(roles: Roles) -> bool:
    return roles.is_admin or bool(roles.headed_units)


def heads_above_or_at(roles: Roles, unit: OrgUnit, tree: dict[int, int | None]) -> bool:
    headed = {u.pk for u in roles.headed_units}
    return bool(headed.intersection(ancestor_ids(unit.pk, tree)))


def in_scope(roles: Roles, unit: OrgUnit, tree: dict[int, int | None]) -> bool:
    if roles.is_admin_bkd or opd_id_of(unit) in roles.admin_opd_ids:
        return True
    return heads_above_or_at(roles, unit, tree)


def is_leader_above(roles: Roles, unit: OrgUnit) -> bool:
    """The holder of the parent unit's head post, or the kepala of the OPD for its subunits: the
    leader who sets the unit's organisational predicate (SE MenPANRB 3/2023)."""
    headed = {u.pk for u in roles.headed_units}
    if unit.parent_id is not None and unit.parent_id in headed:
        return True
    opd_id = opd_id_of(unit)
    return opd_id != unit.pk and opd_id in headed


def may_set_predicate(roles: Roles, unit: OrgUnit) -> bool:
    return roles.is_admin_bkd or is_leader_above(roles, unit)


def may_finalise(roles: Roles, unit: OrgUnit) -> bool:
    return (
        roles.is_admin_bkd or opd_id_of(unit) in roles.admin_opd_ids or is_leader_above(roles, unit)
    )


def unit_for_calibration(roles: Roles, code: str) -> tuple[OrgUnit, dict[int, int | None]]:
    """The unit and its OPD's tree; 403 without a calibration role, 404 outside the scope."""
    if not has_calibration_role(roles):
        raise PermissionDenied
    unit = get_object_or_404(OrgUnit.objects.select_related("parent", "opd"), code=code)
    tree = opd_tree(unit)
    if not in_scope(roles, unit, tree):
        raise Http404
    return unit, tree


def require_period(cycle: Cycle, period: int) -> None:
    if period != ANNUAL and cycle.period(period) is None:
        raise Http404


def period_name(cycle: Cycle, period: int) -> str:
    """ "Triwulan I" … or "Tahunan" (the year)."""
    if period == ANNUAL:
        return "Tahunan"
    found = cycle.period(period)
    return found.label if found else str(period)


def calibration_units(roles: Roles) -> QuerySet[OrgUnit]:
    """Units in the user's scope: all (admin BKD), the OPD's units (admin OPD), the units headed
    and every unit below them (kepala unit)."""
    if roles.is_admin_bkd:
        return OrgUnit.objects.filter(is_active=True)
    ids: set[int] = set()
    trees: dict[int, dict[int, int | None]] = {}
    for unit in roles.headed_units:
        opd_id = opd_id_of(unit)
        if opd_id not in trees:
            trees[opd_id] = opd_tree(unit)
        ids.update(subtree_ids(unit.pk, trees[opd_id]))
    admin = Q(opd_id__in=roles.admin_opd_ids) | Q(pk__in=roles.admin_opd_ids)
    return OrgUnit.objects.filter(admin | Q(pk__in=ids), is_active=True)


# ------------------------------------------------------------------------------------ rows
@dataclass
class UnitRow:
    unit: OrgUnit
    predicate: UnitPredicate | None = None
    finalisation: UnitFinalisation | None = None


def calibration_list_units(roles: Roles) -> QuerySet[OrgUnit]:
    """The units of the calibration list, in its order (paginated: a province has thousands)."""
    return calibration_units(roles).select_related("opd").order_by("opd__code", "code", "pk")


def calibration_rows(units, cycle: Cycle, period: int) -> list[UnitRow]:
    """These units (a page of calibration_list_units) with their organisational predicate and
    finalisation (two queries)."""
    units = list(units)
    ids = [u.pk for u in units]
    predicates = {
        p.unit_id: p
        for p in UnitPredicate.objects.filter(cycle=cycle, period=period, unit_id__in=ids)
    }
    finalised = {
        f.unit_id: f
        for f in UnitFinalisation.objects.filter(cycle=cycle, period=period, unit_id__in=ids)
    }
    return [UnitRow(u, predicates.get(u.pk), finalised.get(u.pk)) for u in units]


@dataclass
class PredicateGroup:
    predicate: rules.Predicate | None  # None: evaluations not finalised yet
    evaluations: list[Evaluation] = field(default_factory=list)


def unit_evaluations(cycle: Cycle, unit_ids: list[int], period: int) -> list[Evaluation]:
    """The period's evaluations of the units' employees, one per employee (the latest SKP's),
    with the employee, the post and the SKP's appraiser snapshot. One query."""
    rows = (
        Evaluation.objects.filter(
            skp__cycle=cycle, period=period, skp__position__unit_id__in=unit_ids
        )
        .select_related("skp__employee", "skp__position__unit")
        .order_by("skp__employee_id", "-skp__start_date", "-pk")
    )
    latest: dict[int, Evaluation] = {}
    for evaluation in rows:
        latest.setdefault(evaluation.skp.employee_id, evaluation)
    return sorted(latest.values(), key=lambda e: e.skp.employee.full_name.casefold())


def group_by_predicate(evaluations: list[Evaluation]) -> list[PredicateGroup]:
    """Finalised evaluations grouped by predicate (best first), then those still being scored."""
    groups = {p: PredicateGroup(p) for p in rules.Predicate}
    pending = PredicateGroup(None)
    for evaluation in evaluations:
        if evaluation.status == EvaluationStatus.FINALISED and evaluation.predicate:
            groups[rules.Predicate[evaluation.predicate]].evaluations.append(evaluation)
        else:
            pending.evaluations.append(evaluation)
    return [*groups.values(), pending]


def ppk_name(evaluation: Evaluation) -> str:
    """The PPK as stored on finalising; before that, as stored on the SKP's approval."""
    return evaluation.ppk_name or evaluation.skp.ppk_name
