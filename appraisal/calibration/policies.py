"""Who may calibrate a unit: set its organisational predicate, finalise its ratings."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.org.models import OrgUnit
from accounts.org.roles import Roles
from accounts.org.selectors import ancestor_ids, opd_id_of, opd_tree
from appraisal.choices import ANNUAL
from appraisal.cycles.models import Cycle


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
