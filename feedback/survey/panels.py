"""360 input on the evaluation page (appraisal/panels.py names the slots), for the PPK alone.

Under each BerAKHLAK value ("value"): the counts per rating and the comments, once enough answered;
at the end ("bottom"): how many answered, with a link to the round (or to open one). The page puts
this HTML inside its own form: links only, no form elements. Anyone but the employee's PPK today
(the employee, the Atasan PPK, admins) gets nothing.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from accounts.org.roles import roles_for
from appraisal.cycles.selectors import open_cycle
from appraisal.plans.policies import is_current_ppk
from feedback.survey import services


def evaluation(request, evaluation) -> dict:
    roles = roles_for(request)
    skp = evaluation.skp
    if not is_current_ppk(roles, skp):
        return {}
    round_ = services.round_for_period(skp.employee_id, skp.cycle, evaluation.period)
    if round_ is None:
        cycle = open_cycle()
        may_open = cycle is not None and cycle.pk == skp.cycle_id
        html = render_to_string(
            "feedback/survey/_panel_bottom.html",
            {"round": None, "employee": skp.employee, "may_open": may_open},
            request=request,
        )
        return {"bottom": html}
    results = services.round_results(round_)
    panels: dict = {
        "bottom": render_to_string(
            "feedback/survey/_panel_bottom.html",
            {"round": round_, "results": results},
            request=request,
        )
    }
    if results.visible:
        panels["value"] = {
            row.value: render_to_string(
                "feedback/survey/_panel_value.html", {"row": row, "results": results}
            )
            for row in results.values
        }
    return panels
