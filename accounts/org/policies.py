"""Who may see and do what in the organisation app.

Outside the user's scope → Http404 (the object does not exist for them); visible but not allowed →
PermissionDenied (403). Views, services and later tasks all use these functions; templates may hide
buttons but never decide access.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.choices import AdminRoleKind, AssignmentKind
from accounts.org.models import AdminRole, Assignment, Employee, OrgUnit, Position
from accounts.org.reporting import subordinates
from accounts.org.roles import Roles


def require_admin(roles: Roles) -> None:
    """Admin screens: admin OPD or admin BKD; everyone else is refused (403)."""
    if not roles.is_admin:
        raise PermissionDenied


def may_administer_agency(roles: Roles) -> bool:
    """Agency-wide administration (administrative roles, the agency profile): admin BKD."""
    return roles.is_admin_bkd


def require_admin_bkd(roles: Roles) -> None:
    """Agency-wide screens: admin BKD only (403)."""
    if not may_administer_agency(roles):
        raise PermissionDenied


def managed_units(roles: Roles) -> QuerySet[OrgUnit]:
    """Units an administrator manages: all for admin BKD, the OPD subtree for admin OPD."""
    if roles.is_admin_bkd:
        return OrgUnit.objects.all()
    return OrgUnit.objects.filter(Q(opd_id__in=roles.admin_opd_ids) | Q(pk__in=roles.admin_opd_ids))


def managed_positions(roles: Roles) -> QuerySet[Position]:
    if roles.is_admin_bkd:
        return Position.objects.all()
    return Position.objects.filter(unit__opd_id__in=roles.admin_opd_ids)


def managed_employees(roles: Roles) -> QuerySet[Employee]:
    """Employees an administrator manages: those whose current post is in the admin's OPD, and
    those without a post whose last definitive post was there (someone who just retired stays
    with the admin who retired them). Never placed anywhere → BKD's alone."""
    if roles.is_admin_bkd:
        return Employee.objects.all()
    last_opd = (
        Assignment.objects.filter(employee=OuterRef("pk"), kind=AssignmentKind.DEFINITIF)
        .order_by("-start_date", "-pk")
        .values("position__unit__opd_id")[:1]
    )
    in_scope = Employee.objects.filter(position__unit__opd_id__in=roles.admin_opd_ids)
    left_from_scope = (
        Employee.objects.filter(position__isnull=True)
        .annotate(last_opd=Subquery(last_opd))
        .filter(last_opd__in=roles.admin_opd_ids)
    )
    # One UNION of ids rather than an OR across joins: the OR made PostgreSQL read every
    # employee of the province to find one OPD's (0.25 s per list page at 100,000 employees).
    ids = in_scope.order_by().values("pk").union(left_from_scope.order_by().values("pk"))
    return Employee.objects.filter(pk__in=ids)


def _viewable_employee_ids(roles: Roles) -> set[int]:
    """Non-admin visibility: oneself, one's subordinates, and the staff of the units one heads."""
    if roles.employee is None:
        return set()
    ids = {roles.employee.pk}
    if roles.may_appraise:
        ids.update(subordinates(roles.employee).values_list("pk", flat=True))
    for unit in roles.headed_units:
        ids.update(
            Employee.objects.filter(position__unit__in=unit_subtree_ids(unit)).values_list(
                "pk", flat=True
            )
        )
    return ids


def unit_subtree_ids(unit: OrgUnit) -> list[int]:
    """The unit and all units below it (one query over its OPD)."""
    opd_id = unit.opd_id or unit.pk
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in OrgUnit.objects.filter(Q(opd_id=opd_id) | Q(pk=opd_id)).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)
    result, stack = [], [unit.pk]
    while stack:
        current = stack.pop()
        result.append(current)
        stack.extend(children.get(current, []))
    return result


def employee_for_view(roles: Roles, nip: str) -> Employee:
    """The employee page: admins in scope, the employee, their PPK, their kepala unit; else 404."""
    employee = get_object_or_404(
        Employee.objects.select_related("position__unit__opd", "position__parent", "user"), nip=nip
    )
    if managed_employees(roles).filter(pk=employee.pk).exists():
        return employee
    if employee.pk in _viewable_employee_ids(roles):
        return employee
    raise Http404


def can_manage_employee(roles: Roles, employee: Employee) -> bool:
    """Editing, mutasi, Plt/Plh and the account of an employee: an administrator in whose scope
    the employee is (managed_employees). The page's buttons and the services ask this."""
    return managed_employees(roles).filter(pk=employee.pk).exists()


def may_place_employee(roles: Roles, position: Position | None) -> bool:
    """Registering an employee in `position` (None: no post yet). Admin BKD anywhere or nowhere;
    an admin OPD only in a post of their OPD, since an employee without a post would be in no
    admin OPD's scope (the form makes the post required for them)."""
    if roles.is_admin_bkd:
        return True
    return (
        roles.is_admin
        and position is not None
        and managed_positions(roles).filter(pk=position.pk).exists()
    )


def may_post_employee(roles: Roles, employee: Employee, position: Position) -> bool:
    """A mutasi or a Plt/Plh: the employee and the post are both within the admin's scope (the
    form offers managed_positions only)."""
    if not can_manage_employee(roles, employee):
        return False
    return roles.is_admin_bkd or managed_positions(roles).filter(pk=position.pk).exists()


def may_be_top_level(roles: Roles, unit: OrgUnit) -> bool:
    """A unit without a parent (an OPD): the admin BKD's to make; an admin OPD's own OPD record
    stays at the top (its name may be corrected, it is not moved)."""
    return roles.is_admin_bkd or (unit.pk is not None and unit.pk in roles.admin_opd_ids)


def may_save_unit(roles: Roles, unit: OrgUnit) -> bool:
    """Creating or changing a unit. Admin BKD: any. Admin OPD: within their OPD; a new top-level
    unit, or moving the OPD itself, is an agency decision (the OPD's own record stays top-level,
    its name may be corrected)."""
    if roles.is_admin_bkd:
        return True
    if not roles.is_admin:
        return False
    units = managed_units(roles)
    if unit.pk is not None and not units.filter(pk=unit.pk).exists():
        return False
    if unit.parent_id is None:
        return may_be_top_level(roles, unit)
    return units.filter(pk=unit.parent_id).exists()


def may_save_position(roles: Roles, position: Position) -> bool:
    """Creating or changing a position: admin BKD any; admin OPD one in a unit of their OPD,
    reporting to a position of their OPD (or to none)."""
    if roles.is_admin_bkd:
        return True
    if not roles.is_admin:
        return False
    positions = managed_positions(roles)
    if position.pk is not None and not positions.filter(pk=position.pk).exists():
        return False
    if not managed_units(roles).filter(pk=position.unit_id).exists():
        return False
    return position.parent_id is None or positions.filter(pk=position.parent_id).exists()


def may_set_overrides(roles: Roles) -> bool:
    """Appraiser overrides (delegation of PPK / Atasan PPK) are the BKD admin's alone (domain
    §1): setting one, ending one, and the buttons for both."""
    return roles.is_admin_bkd


def may_revoke_role(roles: Roles, role: AdminRole) -> bool:
    """Revoking an administrative role (admin BKD, require_admin_bkd): never one's own BKD role,
    so the agency cannot lock itself out by accident."""
    return not (role.user_id == roles.user.pk and role.kind == AdminRoleKind.ADMIN_BKD)


def employee_for_change(roles: Roles, nip: str) -> Employee:
    """Editing, mutasi, Plt/Plh: 404 outside scope, 403 when visible but not an admin for them."""
    employee = employee_for_view(roles, nip)
    if not can_manage_employee(roles, employee):
        raise PermissionDenied
    return employee


def employee_for_override(roles: Roles, nip: str) -> Employee:
    """Appraiser overrides (delegation) are the BKD admin's alone (domain §1)."""
    employee = employee_for_view(roles, nip)
    if not may_set_overrides(roles):
        raise PermissionDenied
    return employee


def unit_for_view(roles: Roles, code: str) -> OrgUnit:
    require_admin(roles)
    return get_object_or_404(managed_units(roles).select_related("parent", "opd"), code=code)


def position_for_change(roles: Roles, public_id) -> Position:
    require_admin(roles)
    return get_object_or_404(managed_positions(roles).select_related("unit"), public_id=public_id)
