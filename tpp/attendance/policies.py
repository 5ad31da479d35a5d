"""Who may import attendance recaps and record penalties and exemptions.

Admin BKD: any employee and any OPD. Admin OPD: their own OPDs' employees only
(accounts.org.policies.managed_employees). Outside the scope → Http404 (it does not exist for
them); a person who is no administrator → PermissionDenied. Views pass `roles_for(request)`;
the services ask the same functions of `actor.roles`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.org.models import Employee, OrgUnit
from accounts.org.policies import managed_employees, require_admin
from accounts.org.roles import Roles
from tpp.attendance.models import Exemption, Penalty


def may_manage_employee(roles: Roles, employee: Employee) -> bool:
    """Recording or removing an employee's penalties and exemptions: an administrator in whose
    scope the employee is, never for themself (an exemption or a removed penalty of one's own)."""
    if roles.employee is not None and roles.employee.pk == employee.pk:
        return False
    if roles.is_admin_bkd:
        return True
    return roles.is_admin and managed_employees(roles).filter(pk=employee.pk).exists()


def may_import_recaps(roles: Roles, opd: OrgUnit | None) -> bool:
    """Importing a month's recap for `opd` (None: the whole agency, replacing every OPD's rows):
    admin BKD any; admin OPD only one of their own OPDs."""
    if roles.is_admin_bkd:
        return True
    return opd is not None and opd.pk in roles.admin_opd_ids


def opd_for_import(roles: Roles, code: str | None) -> OrgUnit | None:
    """The OPD an import page works on, by its code (none: the whole agency, admin BKD only):
    403 for a non-administrator and for an admin OPD asking for the whole agency, 404 for an OPD
    outside the admin's scope."""
    require_admin(roles)
    if not code:
        if not may_import_recaps(roles, None):
            raise PermissionDenied
        return None
    if "\x00" in code:  # no unit code holds one; PostgreSQL refuses it in a query
        raise Http404
    opd = get_object_or_404(OrgUnit, code=code, parent__isnull=True)
    if not may_import_recaps(roles, opd):
        raise Http404
    return opd


def employee_for_tpp(roles: Roles, nip: str) -> Employee:
    """An employee whose penalties and exemptions the admin records: 403 for a
    non-administrator, 404 outside the admin's scope."""
    require_admin(roles)
    return get_object_or_404(managed_employees(roles), nip=nip)


def penalty_for_change(roles: Roles, public_id) -> Penalty:
    """A penalty to remove: 403 for a non-administrator, 404 outside the admin's scope."""
    require_admin(roles)
    penalty = get_object_or_404(Penalty.objects.select_related("employee"), public_id=public_id)
    if not may_manage_employee(roles, penalty.employee):
        raise Http404
    return penalty


def exemption_for_change(roles: Roles, public_id) -> Exemption:
    """An exemption to remove: 403 for a non-administrator, 404 outside the admin's scope."""
    require_admin(roles)
    exemption = get_object_or_404(Exemption.objects.select_related("employee"), public_id=public_id)
    if not may_manage_employee(roles, exemption.employee):
        raise Http404
    return exemption
