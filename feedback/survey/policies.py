"""Who may see and do what with 360 input (domain §4; issue 7 point 3).

- Opening a round and reading its results: the employee's PPK today (structural or by override).
  Nobody else reads a round, not the Atasan PPK, the heads or the admins: the input is evidence
  for the one who rates.
- Answering: the respondent named on the request, nobody else.
- The employee sees nothing of a round (neither that it exists nor who was asked): nothing in
  this app shows them a round, and every round page answers them 404.

Outside these, every page answers 404 (a public id guessed or forwarded reveals nothing). The
services ask the same predicates (is_ppk_of, is_respondent) and refuse with a DomainError; the
system (no roles) opens and answers nothing.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.org.models import Employee
from accounts.org.reporting import OrgSnapshot
from accounts.org.roles import Roles
from feedback.survey.models import Respondent360, Round360


def is_ppk_of(roles: Roles | None, employee_id: int, on: dt.date | None = None) -> bool:
    """The acting user is this employee's PPK today (never the employee themself)."""
    if roles is None or roles.employee is None or roles.employee.pk == employee_id:
        return False
    ppk = OrgSnapshot(on or timezone.localdate()).ppk(employee_id)
    return bool(ppk and ppk.employee_id == roles.employee.pk)


def employee_for_new_round(roles: Roles, nip: str) -> Employee:
    """The subordinate a PPK opens a round for; anyone else (the employee included) gets 404."""
    employee = get_object_or_404(Employee.objects.select_related("position__unit", "user"), nip=nip)
    if not is_ppk_of(roles, employee.pk):
        raise Http404
    return employee


def round_for_ppk(roles: Roles, public_id) -> Round360:
    round_ = get_object_or_404(
        Round360.objects.select_related("cycle", "employee__position__unit", "requested_by"),
        public_id=public_id,
    )
    if not is_ppk_of(roles, round_.employee_id):
        raise Http404
    return round_


def is_respondent(roles: Roles | None, request: Respondent360) -> bool:
    """The acting user is the person the request was sent to."""
    return (
        roles is not None
        and roles.employee is not None
        and (request.respondent_id == roles.employee.pk)
    )


def request_for_respondent(roles: Roles, public_id) -> Respondent360:
    """A respondent's own request; another person's request is 404 (not 403: it must not even
    confirm that the id exists)."""
    if roles.employee is None:
        raise Http404
    request = get_object_or_404(
        Respondent360.objects.select_related(
            "round__cycle", "round__employee__position__unit", "round__requested_by"
        ),
        public_id=public_id,
    )
    if not is_respondent(roles, request):
        raise Http404
    return request
