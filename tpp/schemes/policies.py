"""Who may change the TPP scheme and run the months: the admin BKD (or the system: a task
started by one, the demo). The services check it themselves, whoever calls them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from core.actor import Actor


def require_tpp_admin(actor: Actor) -> None:
    """403 for anyone but an admin BKD; the system passes."""
    if actor.is_system:
        return
    if actor.roles is None or not actor.roles.is_admin_bkd:
        raise PermissionDenied
