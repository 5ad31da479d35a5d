"""Who may read and moderate public feedback: outside scope → 404, visible but not allowed → 403.

The moderation and channel services ask may_moderate too (the pages add the scope: the admin's own
units, else 404)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.org.models import OrgUnit
from accounts.org.policies import managed_units, unit_subtree_ids
from accounts.org.roles import Roles
from feedback.public.models import PublicChannel, PublicFeedback


# ----- scopes ----------------------------------------------------------------------------------
def may_moderate(roles: Roles | None) -> bool:
    """Moderation and channel management are the administrators' (admin OPD, admin BKD)."""
    return roles is not None and roles.is_admin


def require_moderator(roles: Roles) -> None:
    """403 for everyone but an administrator."""
    if not may_moderate(roles):
        raise PermissionDenied


def moderated_units(roles: Roles) -> QuerySet[OrgUnit]:
    return managed_units(roles)


def moderates(roles: Roles | None, feedback: PublicFeedback) -> bool:
    """Hiding or showing a comment: an administrator of the unit it is about."""
    if not may_moderate(roles):
        return False
    return moderated_units(roles).filter(pk=feedback.channel.unit_id).exists()


def readable_unit_ids(roles: Roles) -> set[int] | None:
    """Units whose feedback the user may read: None = all (admin BKD)."""
    if roles.is_admin_bkd:
        return None
    ids = set(managed_units(roles).values_list("pk", flat=True)) if roles.admin_opd_ids else set()
    for unit in roles.headed_units:
        ids.update(unit_subtree_ids(unit))
    return ids


def require_reader(roles: Roles) -> None:
    if not (roles.is_admin or roles.is_kepala_unit):
        raise PermissionDenied


def unit_for_reader(roles: Roles, code: str) -> OrgUnit:
    """A unit's public feedback page: admins in scope and the unit's heads; else 403/404."""
    require_reader(roles)
    unit = get_object_or_404(OrgUnit.objects.select_related("opd"), code=code)
    ids = readable_unit_ids(roles)
    if ids is not None and unit.pk not in ids:
        raise Http404
    return unit


def channel_for_reader(roles: Roles, public_id) -> PublicChannel:
    """The poster: admins of the channel's OPD (BKD all) and the kepala unit."""
    require_reader(roles)
    channel = get_object_or_404(
        PublicChannel.objects.select_related("unit__opd", "employee"), public_id=public_id
    )
    ids = readable_unit_ids(roles)
    if ids is not None and channel.unit_id not in ids:
        raise Http404
    return channel


def channel_for_moderator(roles: Roles, public_id) -> PublicChannel:
    require_moderator(roles)
    return get_object_or_404(
        PublicChannel.objects.filter(unit__in=managed_units(roles)).select_related("unit"),
        public_id=public_id,
    )


def feedback_for_moderator(roles: Roles, public_id) -> PublicFeedback:
    require_moderator(roles)
    return get_object_or_404(
        PublicFeedback.objects.filter(channel__unit__in=managed_units(roles)),
        public_id=public_id,
    )
