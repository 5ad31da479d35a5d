"""Who may see and do what with work plans (SKP). `roles` is None for the system (Actor.system):
nobody, so every personal predicate below is False for it.

Outside the user's scope → Http404; visible but not allowed → PermissionDenied (403). The same
functions guard views and services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.org.policies import unit_subtree_ids
from accounts.org.reporting import Appraiser, ReportingLine
from accounts.org.roles import Roles
from appraisal.plans.models import Skp
from appraisal.plans.selectors import current_ppk, line_of
from core.practice import follow


def skp_queryset() -> QuerySet[Skp]:
    return Skp.objects.select_related(
        "cycle", "employee", "position__unit__opd", "position__parent", "revision_of"
    )


def skp_opd_id(skp: Skp) -> int:
    return skp.position.unit.opd_id or skp.position.unit_id


def owner_ppk(roles: Roles | None, skp: Skp) -> Appraiser | None:
    """The owner's PPK today, from the organisation as these roles read it (Roles.org_snapshot:
    loaded once per request, shared by the page's checks and the service it calls)."""
    return current_ppk(skp, roles.org_snapshot if roles is not None else None)


def appraisers_today(roles: Roles | None, skp: Skp) -> ReportingLine:
    """The owner's PPK and Atasan PPK today, as owner_ppk reads them: the line may_decide decided
    with, which a decision stores (flow.record_appraisers)."""
    return line_of(skp, roles.org_snapshot if roles is not None else None)


def team_of(roles: Roles | None) -> list[int]:
    """The employees these roles appraise today (as PPK): whose plans they decide, to whom they
    may hand an RHK down."""
    if roles is None or roles.employee is None:
        return []
    return roles.subordinate_ids


def is_owner(roles: Roles | None, skp: Skp) -> bool:
    return roles is not None and roles.employee is not None and skp.employee_id == roles.employee.pk


def is_current_ppk(roles: Roles | None, skp: Skp) -> bool:
    """The employee's PPK today (structural or by override): the one who approves."""
    if roles is None or roles.employee is None:
        return False
    ppk = owner_ppk(roles, skp)
    return bool(ppk and ppk.employee_id == roles.employee.pk)


def decides_for_the_head(roles: Roles | None, skp: Skp) -> bool:
    """The employee's PPK is the Kepala Daerah (outside the system): an admin BKD records the
    decision on their behalf (a head of OPD's SKP, domain §1)."""
    if roles is None or not roles.is_admin_bkd or is_owner(roles, skp):
        return False
    ppk = owner_ppk(roles, skp)
    return ppk is not None and ppk.is_external and heads_the_tree(skp)


def heads_the_tree(skp: Skp) -> bool:
    """A post the Kepala Daerah appraises by rule (no post above it, or a JPT head) — not a
    post whose chain upward merely happens to be vacant."""
    return skp.position.parent_id is None or skp.is_jpt


def may_decide(roles: Roles | None, skp: Skp) -> bool:
    """Decide on the plan: approve or return it, write the expectations, finalise its
    evaluations. The owner's PPK today, or an admin BKD recording the Kepala Daerah's decision
    for a post the Kepala Daerah appraises by rule; never the owner, never the system.

    The one answer for the pages (skp_for_ppk: 403) and the services: skp_approve, skp_return
    and evaluation_finalise (flow.decision_line: a DomainError naming who decides),
    expectations_save (403)."""
    if roles is None or is_owner(roles, skp):
        return False
    return is_current_ppk(roles, skp) or decides_for_the_head(roles, skp)


def may_revise(roles: Roles | None, skp: Skp) -> bool:
    """Reopen an approved plan as a new version: its owner or their PPK today."""
    return is_owner(roles, skp) or is_current_ppk(roles, skp)


def _is_appraiser(roles: Roles, skp: Skp) -> bool:
    me = roles.employee.pk
    if me in (skp.ppk_employee_id, skp.atasan_employee_id):
        return True
    line = appraisers_today(roles, skp)
    return any(a is not None and a.employee_id == me for a in (line.ppk, line.atasan_ppk))


def can_view_skp(roles: Roles, skp: Skp) -> bool:
    if roles.is_admin_bkd or skp_opd_id(skp) in roles.admin_opd_ids:
        return True
    if roles.employee is None:
        return False
    if is_owner(roles, skp) or _is_appraiser(roles, skp):
        return True
    return any(skp.position.unit_id in unit_subtree_ids(u) for u in roles.headed_units)


def skp_for_view(roles: Roles, public_id, queryset: QuerySet[Skp] | None = None) -> Skp:
    skp = get_object_or_404(
        queryset if queryset is not None else skp_queryset(), public_id=public_id
    )
    if not can_view_skp(roles, skp):
        raise Http404
    follow(skp.cycle)  # a practice plan works in its practice, a real one in the real year
    return skp


def skp_for_owner(roles: Roles, public_id) -> Skp:
    """Writing the plan: the owner alone; others who may see it get 403."""
    skp = skp_for_view(roles, public_id)
    if not is_owner(roles, skp):
        raise PermissionDenied
    return skp


def skp_for_ppk(roles: Roles, public_id) -> Skp:
    """Approving, returning, writing expectations: the employee's PPK today (or an admin BKD
    for the Kepala Daerah, when the PPK is the external head)."""
    skp = skp_for_view(roles, public_id)
    if not may_decide(roles, skp):
        raise PermissionDenied
    return skp


def skp_for_revision(roles: Roles, public_id) -> Skp:
    """Reopening an approved plan: its owner or their PPK (may_revise); others who see it: 403."""
    skp = skp_for_view(roles, public_id)
    if not may_revise(roles, skp):
        raise PermissionDenied
    return skp


def require_owner(roles: Roles | None, skp: Skp) -> None:
    """The owner's writes (skp_for_owner's check, repeated by the services): 403 for anyone
    else."""
    if not is_owner(roles, skp):
        raise PermissionDenied
