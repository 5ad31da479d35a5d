"""The coaching history on the evaluation page (feedback/panels.py): the PPK sees the employee's
dialog kinerja and coaching sessions of the SKP's cycle, open follow-ups and the employee's
average rating of the sessions, when evaluating. Nobody else sees it there."""

from __future__ import annotations

from django.template.loader import render_to_string

from accounts.org.roles import roles_for
from appraisal.plans.policies import is_current_ppk, is_owner
from feedback.coaching.services import history_context, sessions_of


def evaluation(request, evaluation) -> dict:
    roles = roles_for(request)
    skp = evaluation.skp
    if is_owner(roles, skp) or not is_current_ppk(roles, skp):
        return {}
    context = history_context(sessions_of([skp.employee_id], cycle=skp.cycle))
    context.update(employee=skp.employee, cycle=skp.cycle)
    return {
        "bottom": render_to_string("feedback/coaching/_evaluation.html", context, request=request)
    }
