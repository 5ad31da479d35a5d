"""Who runs a practice cycle and who may work in it (issue 29.5).

The admin BKD opens and wipes it (403 for anyone else). Its participants enter it, and so may the
admins who teach them: the admin BKD, and an admin OPD whose OPD has a participant.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from accounts.org.policies import require_admin_bkd
from accounts.org.roles import Roles
from appraisal.cycles.models import Cycle
from core.actor import Actor


def require_practice_manager(actor: Actor) -> None:
    if not actor.is_system:
        require_admin_bkd(actor.roles)


def may_enter(roles: Roles, cycle: Cycle) -> bool:
    if roles.is_admin_bkd:
        return True
    if roles.employee is not None and cycle.participants.filter(pk=roles.employee.pk).exists():
        return True
    return (
        bool(roles.admin_opd_ids)
        and cycle.participants.filter(position__unit__opd_id__in=roles.admin_opd_ids).exists()
    )


def require_may_enter(roles: Roles, cycle: Cycle) -> None:
    if not may_enter(roles, cycle):
        raise PermissionDenied
