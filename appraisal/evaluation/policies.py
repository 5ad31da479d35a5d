"""Who may see, score and acknowledge an evaluation.

Outside the user's scope → 404; visible but not allowed → 403. The services
(appraisal.evaluation.services) ask the same predicates: `may_score` for saving and finalising,
`is_the_employee` for acknowledging (and objecting, appraisal.objections)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.org.reporting import OrgSnapshot, ReportingLine
from accounts.org.roles import Roles
from appraisal.choices import EvaluationStatus
from appraisal.evaluation.models import Evaluation
from appraisal.plans.models import Skp
from appraisal.plans.policies import appraisers_today, can_view_skp, is_owner, may_decide
from core.practice import follow


def may_score(roles: Roles | None, evaluation: Evaluation) -> bool:
    """Scoring and finalising: the employee's PPK today, or an admin BKD for the Kepala Daerah
    (plans.policies.may_decide, the decider of the plan); for the plan of a post the employee
    left mid-year, the PPK of that post (may_score_plan); never the employee."""
    return may_score_plan(roles, evaluation.skp)


# ----- a split year (issue 20, point 11) ---------------------------------------------------------
def _snapshot(roles: Roles | None) -> OrgSnapshot:
    return roles.org_snapshot if roles is not None else OrgSnapshot(timezone.localdate())


def is_former_post(roles: Roles | None, skp: Skp) -> bool:
    """The plan of a post the employee no longer holds today: a mutasi split their year, and this
    is the plan of the earlier post (read from the organisation as `roles` read it)."""
    return _snapshot(roles).definitive_position(skp.employee_id) != skp.position_id


def scoring_line(roles: Roles | None, skp: Skp) -> ReportingLine:
    """Who scores the plan's evaluations, today. For the post the employee holds: their PPK and
    Atasan PPK (plans.policies.appraisers_today). For an earlier post of a split year: the line
    of that post (OrgSnapshot.post_line), that is the PPK recorded on the plan while they still
    appraise from the post above it, else their successor there — never the employee's PPK in
    the new post, who did not supervise that work (PermenPANRB 6/2022: the PPK evaluates the
    work planned with them; domain §1: the PPK is the holder of the nearest filled post above)."""
    if not is_former_post(roles, skp):
        return appraisers_today(roles, skp)
    return _snapshot(roles).post_line(skp.position_id, skp.employee_id)


def may_score_plan(roles: Roles | None, skp: Skp) -> bool:
    """Open, score and finalise the plan's evaluations: as may_decide for the post the employee
    holds; for an earlier post, the PPK of scoring_line, or the admin BKD when that is the
    Kepala Daerah (outside the system, as for a head of OPD's plan). Never the owner."""
    if roles is None or is_owner(roles, skp):
        return False
    if not is_former_post(roles, skp):
        return may_decide(roles, skp)
    ppk = scoring_line(roles, skp).ppk
    if ppk is None:
        return False
    if ppk.is_external:
        return roles.is_admin_bkd
    return roles.employee is not None and ppk.employee_id == roles.employee.pk


def is_the_employee(roles: Roles | None, evaluation: Evaluation) -> bool:
    """The employee whose evaluation it is: they receive the final result, acknowledge it and may
    object to it."""
    return is_owner(roles, evaluation.skp)


def evaluation_for_view(roles: Roles, public_id) -> Evaluation:
    """An evaluation is visible to whoever may see its SKP (owner, appraisers, heads, admins)."""
    evaluation = get_object_or_404(
        Evaluation.objects.select_related(
            "skp__cycle", "skp__employee", "skp__position__unit__opd", "skp__position__parent"
        ),
        public_id=public_id,
    )
    if not can_view_skp(roles, evaluation.skp) and not may_score(roles, evaluation):
        raise Http404  # (the successor of an earlier post's PPK scores it: may_score_plan)
    if is_the_employee(roles, evaluation) and evaluation.status != EvaluationStatus.FINALISED:
        raise Http404  # the employee sees the result once it is final, not the PPK's draft
    follow(evaluation.skp.cycle)
    return evaluation


def evaluation_for_ppk(roles: Roles, public_id) -> Evaluation:
    """Scoring and finalising: the employee's PPK today, never the employee."""
    evaluation = evaluation_for_view(roles, public_id)
    if not may_score(roles, evaluation):
        raise PermissionDenied
    return evaluation


def evaluation_for_owner(roles: Roles, public_id) -> Evaluation:
    """Acknowledging and objecting: the employee alone; others who may see it get 403."""
    evaluation = evaluation_for_view(roles, public_id)
    if not is_the_employee(roles, evaluation):
        raise PermissionDenied
    return evaluation
