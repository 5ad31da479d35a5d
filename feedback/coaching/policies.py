"""Who may see and record dialog kinerja and coaching sessions (domain §4).

A session belongs to the employee, the person who held it and the employee's PPK today: they see
it. The PPK records any kind of session for the employees they appraise; the employee records a
dialog kinerja with their PPK. Whoever may see the employee otherwise (heads, admins) gets 403;
anyone else 404 (accounts.org.policies.employee_for_view draws that scope).

The pages and the services ask the same predicates (may_record_session, records_own_dialog,
is_party, is_rater); they take None for the system, which records, rates and updates nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.org.models import Employee
from accounts.org.policies import employee_for_view
from accounts.org.reporting import OrgSnapshot
from accounts.org.roles import Roles
from feedback.coaching.models import CoachingSession


def ppk_employee_id(employee: Employee, roles: Roles | None = None) -> int | None:
    """The employee's PPK today, when they are a person in the system. Read from the request's
    organisation (Roles.org_snapshot) when there is one: the page and the service it calls then
    load the reporting lines once."""
    snapshot = roles.org_snapshot if roles is not None else OrgSnapshot(timezone.localdate())
    ppk = snapshot.ppk(employee.pk)
    return ppk.employee_id if ppk is not None and not ppk.is_external else None


def is_ppk_of(roles: Roles | None, employee: Employee) -> bool:
    if roles is None or roles.employee is None:
        return False
    return ppk_employee_id(employee, roles) == roles.employee.pk


def records_own_dialog(roles: Roles | None, employee: Employee) -> bool:
    """The employee records a session about themself: a dialog kinerja with their PPK."""
    return roles is not None and roles.employee is not None and roles.employee.pk == employee.pk


def may_record_session(roles: Roles | None, employee: Employee, ppk_id: int | None) -> bool:
    """The PPK today (`ppk_id`, ppk_employee_id of the employee) records any kind of session for
    the employee; the employee records a dialog kinerja when their PPK is a person in the system."""
    if roles is None or roles.employee is None or ppk_id is None:
        return False
    return records_own_dialog(roles, employee) or roles.employee.pk == ppk_id


def may_read_history(roles: Roles, employee: Employee) -> bool:
    """The employee themself and their PPK today."""
    if roles.employee is None:
        return False
    return roles.employee.pk == employee.pk or is_ppk_of(roles, employee)


def employee_for_history(roles: Roles, nip: str) -> Employee:
    employee = employee_for_view(roles, nip)
    if not may_read_history(roles, employee):
        raise PermissionDenied
    return employee


def is_party(roles: Roles | None, session: CoachingSession) -> bool:
    """The employee, the one who held the session and the employee's PPK today: they see it and
    update its follow-ups."""
    if roles is None or roles.employee is None:
        return False
    me = roles.employee.pk
    if me in (session.employee_id, session.held_by_id):
        return True
    return is_ppk_of(roles, session.employee)


def is_rater(roles: Roles | None, session: CoachingSession) -> bool:
    """The employee the session was about rates it (nobody on their behalf)."""
    return (
        roles is not None
        and roles.employee is not None
        and (roles.employee.pk == session.employee_id)
    )


def session_for_view(roles: Roles, public_id) -> CoachingSession:
    session = get_object_or_404(
        CoachingSession.objects.select_related(
            "employee__position__unit", "held_by", "cycle", "rating"
        ),
        public_id=public_id,
    )
    if is_party(roles, session):
        return session
    employee_for_view(roles, session.employee.nip)  # 404 outside the employee's scope
    raise PermissionDenied
