"""Who may see, score and acknowledge an evaluation.

Outside the user's scope → 404; visible but not allowed → 403. The services
(appraisal.evaluation.services) ask the same predicates: `may_score` for saving and finalising,
`is_the_employee` for acknowledging (and objecting, appraisal.objections)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.org.roles import Roles
from appraisal.choices import EvaluationStatus
from appraisal.evaluation.models import Evaluation
from appraisal.plans.policies import can_view_skp, is_owner, may_decide


def may_score(roles: Roles | None, evaluation: Evaluation) -> bool:
    """Scoring and finalising: the employee's PPK today, or an admin BKD for the Kepala Daerah
    (plans.policies.may_decide, the decider of the plan); never the employee."""
    return may_decide(roles, evaluation.skp)


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
    if not can_view_skp(roles, evaluation.skp):
        raise Http404
    if is_the_employee(roles, evaluation) and evaluation.status != EvaluationStatus.FINALISED:
        raise Http404  # the employee sees the result once it is final, not the PPK's draft
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
