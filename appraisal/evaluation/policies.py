"""Who may see, score and acknowledge an evaluation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.org.roles import Roles
from appraisal.choices import EvaluationStatus
from appraisal.evaluation.models import Evaluation
from appraisal.plans.policies import can_view_skp, is_owner, may_decide


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
    if is_owner(roles, evaluation.skp) and evaluation.status != EvaluationStatus.FINALISED:
        raise Http404  # the employee sees the result once it is final, not the PPK's draft
    return evaluation


def evaluation_for_ppk(roles: Roles, public_id) -> Evaluation:
    """Scoring and finalising: the employee's PPK today, never the employee."""
    evaluation = evaluation_for_view(roles, public_id)
    if not may_decide(roles, evaluation.skp):
        raise PermissionDenied
    return evaluation


def evaluation_for_owner(roles: Roles, public_id) -> Evaluation:
    evaluation = evaluation_for_view(roles, public_id)
    if not is_owner(roles, evaluation.skp):
        raise PermissionDenied
    return evaluation
