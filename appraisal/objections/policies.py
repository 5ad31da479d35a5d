"""Who may see an objection, write in its thread and decide it (domain §7).

Outside the user's scope → 404; visible but not theirs to write or decide → 403. The views and the
services (appraisal.objections.services) ask the same `party_of`: writing is for the three
parties, deciding for the Atasan PPK."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.choices import AdminRoleKind
from accounts.org.models import AdminRole
from accounts.org.roles import Roles
from appraisal.objections.models import Objection
from appraisal.plans.policies import can_view_skp
from core.practice import follow

# Who may write in the thread of an objection.
ATASAN, PPK, EMPLOYEE = "atasan", "ppk", "employee"


def objection_queryset() -> QuerySet[Objection]:
    """Objections with what the access checks and the pages read of them."""
    return Objection.objects.select_related(
        "evaluation__skp__cycle",
        "evaluation__skp__employee",
        "evaluation__skp__position__unit__opd",
        "evaluation__skp__position__parent",
        "evaluation__ppk_employee",
        "atasan_employee",
        "decided_by",
    )


def party_of_user(objection: Objection, user) -> str:
    """ATASAN, PPK or EMPLOYEE for the three who may write in the thread, "" for anyone else
    (the thread labels its authors with it).

    The PPK is the one who finalised the evaluation (stored on it), the Atasan PPK the one stored
    when the objection was filed: later transfers do not move the case to someone else.
    """
    if user is None or user.pk is None:
        return ""
    evaluation = objection.evaluation
    if objection.atasan_employee is not None and objection.atasan_employee.user_id == user.pk:
        return ATASAN
    if (
        objection.atasan_employee_id is None
        and evaluation.skp.employee.user_id != user.pk
        and AdminRole.objects.filter(user=user, kind=AdminRoleKind.ADMIN_BKD).exists()
    ):
        return ATASAN  # an admin BKD records the Kepala Daerah's decision
    if evaluation.ppk_employee is not None and evaluation.ppk_employee.user_id == user.pk:
        return PPK
    if evaluation.skp.employee.user_id == user.pk:
        return EMPLOYEE
    return ""


def party_of(roles: Roles | None, objection: Objection) -> str:
    """The acting person's part in the objection ("" for the system and for anyone else)."""
    return party_of_user(objection, roles.user if roles is not None else None)


def writes(party: str) -> bool:
    """Writing in the thread: the employee, the PPK who gave the ratings and the Atasan PPK."""
    return bool(party)


def decides(party: str) -> bool:
    """Deciding: the Atasan PPK stored on the objection alone (an admin BKD for the Kepala
    Daerah)."""
    return party == ATASAN


def may_decide(roles: Roles | None, objection: Objection) -> bool:
    return decides(party_of(roles, objection))


def may_view(roles: Roles, objection: Objection) -> bool:
    """Whoever may see the evaluation's SKP, the PPK who gave the ratings and the Atasan PPK
    stored on the objection (after a transfer they may no longer see the SKP itself)."""
    me = roles.employee.pk if roles.employee else None
    if me is not None and me in (
        objection.atasan_employee_id,
        objection.evaluation.ppk_employee_id,
    ):
        return True
    return can_view_skp(roles, objection.evaluation.skp)


def objection_for_view(roles: Roles, public_id) -> Objection:
    """The objection, or 404 to anyone outside may_view."""
    objection = get_object_or_404(objection_queryset(), public_id=public_id)
    if not may_view(roles, objection):
        raise Http404
    follow(objection.evaluation.skp.cycle)
    return objection


def objection_for_party(roles: Roles, public_id) -> tuple[Objection, str]:
    """Writing in the thread: the objection and the writer's part; others who see it get 403."""
    objection = objection_for_view(roles, public_id)
    party = party_of(roles, objection)
    if not party:
        raise PermissionDenied
    return objection, party


def objection_for_atasan(roles: Roles, public_id) -> Objection:
    """Deciding: the Atasan PPK (may_decide); others who see it get 403."""
    objection = objection_for_view(roles, public_id)
    if not may_decide(roles, objection):
        raise PermissionDenied
    return objection
