"""Who may manage cycles and windows."""

from __future__ import annotations

from django.http import Http404

from accounts.org.policies import require_admin_bkd
from accounts.org.roles import Roles
from appraisal.cycles.models import Cycle
from appraisal.cycles.selectors import cycle_of_year
from core.actor import Actor


def cycle_for_admin(roles: Roles, year: int) -> Cycle:
    require_admin_bkd(roles)
    return cycle_of_year(year)  # inside a practice, the practice's windows and waivers


def require_cycle_manager(actor: Actor) -> None:
    """Cycles, their windows, extensions and waivers are the admin BKD's (the pages' check,
    repeated by the services: 403 for anyone else). The system sets them up too: the demo, a
    benchmark's seed."""
    if not actor.is_system:
        require_admin_bkd(actor.roles)


def require_employee(roles: Roles) -> None:
    if roles.employee is None:
        raise Http404
