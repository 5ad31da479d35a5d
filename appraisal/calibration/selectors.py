"""Calibration reads (domain §6): which units a user may calibrate, and the rows of one unit.

Access: the kepala of the unit or of a unit above it (roles.headed_units), the admin OPD of the
unit's OPD and the admin BKD see a unit's calibration. Someone with none of these roles is refused
(403); someone with a role whose scope does not hold the unit gets 404. The organisational
predicate is set by the leader one level up (the head of the parent unit, or the kepala of the OPD
for any of its subunits) or by an admin BKD on their behalf; finalising is for that leader, the
admin OPD and the admin BKD. The predicates are calibration.policies', asked by the pages and
the services alike."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from accounts.choices import EmployeeStatus
from accounts.org.models import OrgUnit
from accounts.org.roles import Roles
from accounts.org.selectors import opd_id_of, opd_tree, subtree_ids
from appraisal import rules
from appraisal.choices import ANNUAL, EvaluationStatus, SkpStatus
from appraisal.cycles.models import Cycle, UnitFinalisation, UnitPredicate
from appraisal.evaluation.models import Evaluation
from appraisal.plans.models import Skp


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
        for f in UnitFinalisation.objects.filter(
            cycle=cycle, period=period, unit_id__in=ids, reopened_at__isnull=True
        )
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


@dataclass(frozen=True)
class Unrated:
    """Someone who must be rated in the period and has no finalised evaluation yet."""

    nip: str
    name: str
    unit: str


def unrated_employees(cycle: Cycle, unit_ids: list[int], period: int) -> list[Unrated]:
    """The active employees of these units with an approved SKP covering the period (the people
    who must be rated, domain §6) and no finalised evaluation of it in these units, by name.
    One query, over the SKP rows (a split year's two plans are one person)."""
    skps = Skp.objects.filter(
        cycle=cycle,
        status=SkpStatus.APPROVED,
        position__unit_id__in=unit_ids,
        employee__status=EmployeeStatus.ACTIVE,
    )
    if period != ANNUAL:
        found = cycle.period(period)
        skps = skps.filter(start_date__lte=found.end, end_date__gte=found.start)
    finalised = Evaluation.objects.filter(
        skp__cycle=cycle,
        skp__position__unit_id__in=unit_ids,
        period=period,
        status=EvaluationStatus.FINALISED,
    ).values("skp__employee_id")
    rows = (
        skps.exclude(employee_id__in=finalised)
        .values_list("employee_id", "employee__nip", "employee__name", "position__unit__name")
        .order_by("employee__name", "employee__nip", "-start_date")
    )
    people: dict[int, Unrated] = {}
    for employee_id, nip, name, unit in rows:
        people.setdefault(employee_id, Unrated(nip, name, unit))
    return list(people.values())
