"""Who may run, lock and read TPP months.

The monthly run (compute, lock, reopen) and the scheme are the admin BKD's. An OPD's month is read
by the admin BKD and that OPD's admins. An employee's line is read by the employee, their PPK
today (the team page) and the admins of the OPD that pays it; anyone else finds nothing (404).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.org.models import Employee
from accounts.org.policies import require_admin
from accounts.org.roles import Roles
from tpp.months.models import Line, Month


def month_for_view(roles: Roles, public_id) -> Month:
    """An OPD's month: admin BKD, or an admin of that OPD (403 for non-admins, 404 elsewhere)."""
    require_admin(roles)
    month = get_object_or_404(
        Month.objects.select_related("opd", "version__cycle"), public_id=public_id
    )
    if not roles.is_admin_bkd and month.opd_id not in roles.admin_opd_ids:
        raise Http404
    return month


def may_read_line(roles: Roles, line: Line) -> bool:
    if roles.is_admin_bkd or line.month.opd_id in roles.admin_opd_ids:
        return True
    if roles.employee is None:
        return False
    return line.employee_id == roles.employee.pk or line.employee_id in roles.subordinate_ids


def line_for_view(roles: Roles, employee: Employee, year: int, month: int) -> Line:
    """One employee's month as computed, for those who may read it; else 404."""
    line = (
        Line.objects.select_related("month__opd", "employee", "month__version")
        .filter(employee=employee, month__year=year, month__month=month)
        .first()
    )
    if line is None or not may_read_line(roles, line):
        raise Http404
    return line


def employee_lines_visible(roles: Roles, employee: Employee) -> bool:
    """The list of an employee's months: the same readers as a line, judged on today's roles."""
    if roles.is_admin_bkd:
        return True
    if roles.employee is not None and (
        employee.pk == roles.employee.pk or employee.pk in roles.subordinate_ids
    ):
        return True
    return (
        bool(roles.admin_opd_ids)
        and employee.position is not None
        and (employee.position.unit.opd_id in roles.admin_opd_ids)
    )
