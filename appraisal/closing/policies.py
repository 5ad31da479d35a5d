"""Who may close and reopen the periods and the cycle (domain §2): the admin BKD, province-wide.

The pages and the services ask the same predicate (may_close). A script acting as the system (the
closing benchmark) closes too: the services check only a person."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from accounts.org.roles import Roles
from appraisal.cycles.models import Cycle
from appraisal.cycles.selectors import cycle_of_year


def may_close(roles: Roles | None) -> bool:
    """The admin BKD closes each period and the cycle, and reopens them with a reason."""
    return roles is not None and roles.is_admin_bkd


def cycle_for_closing(roles: Roles, year: int) -> Cycle:
    """The cycle of a closing page: 403 for anyone but the admin BKD, 404 for an unknown year."""
    if not may_close(roles):
        raise PermissionDenied
    return cycle_of_year(year)
