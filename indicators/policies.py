"""Who may curate and who may read the indicator library.

The library is the BKD administrator's to curate (403 for everyone else); every employee and
administrator may search it while writing an SKP. Inactive entries exist only for the curator.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.org.roles import Roles
from indicators.models import LibraryEntry


def may_curate(roles: Roles | None) -> bool:
    """Curating the library is the BKD administrator's (the one vocabulary of the agency); the
    system (roles None) is no curator."""
    return roles is not None and roles.is_admin_bkd


def require_curator(roles: Roles | None) -> None:
    """Curating the library (list, create, edit, activate, deactivate): admin BKD only (403).
    The pages ask it with the request's roles, the services with the actor's."""
    if not may_curate(roles):
        raise PermissionDenied


def require_reader(roles: Roles) -> None:
    """Searching the library: anyone with an employee record, and every administrator (403)."""
    if roles.employee is None and not roles.is_admin:
        raise PermissionDenied


def parse_public_id(public_id) -> uuid.UUID:
    """A malformed id in a URL or a form is simply not found (404), never a server error."""
    try:
        return public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None


def entry_for_change(roles: Roles, public_id) -> LibraryEntry:
    """An entry to edit or (de)activate: 403 unless curator, then 404 if it does not exist."""
    require_curator(roles)
    return get_object_or_404(LibraryEntry, public_id=parse_public_id(public_id))


def example_for_change(roles: Roles, public_id):
    """An example plan to edit or (de)activate: 403 unless curator, then 404 if unknown."""
    from indicators.models import ExamplePlan

    require_curator(roles)
    return get_object_or_404(ExamplePlan, public_id=parse_public_id(public_id))
