"""Who may calibrate a unit: set its organisational predicate, finalise its ratings, edit the
cycle's distribution pattern.

The pages and the services ask the same predicates (may_set_predicate, may_finalise,
may_edit_pattern). They take the acting person's roles, or None for the system, which calibrates
nothing: every calibration step is a person's decision."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.org.models import OrgUnit
from accounts.org.roles import Roles
from accounts.org.selectors import ancestor_ids, opd_id_of, opd_tree
from appraisal.choices import ANNUAL
from appraisal.cycles.models import Cycle
from appraisal.cycles.selectors import cycle_of_year


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


def is_leader_above(roles: Roles | None, unit: OrgUnit) -> bool:
    """The holder of the parent unit's head post, or the kepala of the OPD for its subunits: the
    leader who sets the unit's organisational predicate (SE MenPANRB 3/2023)."""
    if roles is None:
        return False
    headed = {u.pk for u in roles.headed_units}
    if unit.parent_id is not None and unit.parent_id in headed:
        return True
    opd_id = opd_id_of(unit)
    return opd_id != unit.pk and opd_id in headed


def may_set_predicate(roles: Roles | None, unit: OrgUnit) -> bool:
    """The leader one level up sets the unit's organisational predicate; the admin BKD may set it
    on their behalf (with a reason, which the service asks for)."""
    if roles is None:
        return False
    return roles.is_admin_bkd or is_leader_above(roles, unit)


def may_finalise(roles: Roles | None, unit: OrgUnit) -> bool:
    """The leader one level up, the admin OPD of the unit's OPD and the admin BKD declare the
    unit's employee predicates final for a period."""
    if roles is None:
        return False
    return (
        roles.is_admin_bkd or opd_id_of(unit) in roles.admin_opd_ids or is_leader_above(roles, unit)
    )


def may_override_unrated(roles: Roles | None) -> bool:
    """Finalising a unit while some who must be rated have no finalised result, with a written
    reason, and reopening a finalised unit: the admin BKD's (province-wide) alone."""
    return roles is not None and roles.is_admin_bkd


def may_reopen(roles: Roles | None) -> bool:
    """Reopening a finalised unit so that its ratings may change again (with a reason)."""
    return may_override_unrated(roles)


def may_edit_pattern(roles: Roles | None) -> bool:
    """The cycle's distribution pattern and breach policy are the admin BKD's (province-wide)."""
    return roles is not None and roles.is_admin_bkd


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


@dataclass(frozen=True)
class CalibrationTarget:
    """One unit's calibration for one period of a cycle, as the URL names it, with the unit's OPD
    tree (loaded once for the scope check, reused for the unit's subtree)."""

    cycle: Cycle
    unit: OrgUnit
    tree: dict[int, int | None]
    period: int


def target_for_calibration(roles: Roles, year: int, code: str, period: int) -> CalibrationTarget:
    """The unit, cycle and period of a calibration page or its PDF: 403 without a calibration
    role, 404 outside the scope, for an unknown cycle or a period the cycle does not have."""
    unit, tree = unit_for_calibration(roles, code)
    cycle = cycle_of_year(year)
    require_period(cycle, period)
    return CalibrationTarget(cycle, unit, tree, period)
