"""Scoring tables: the PPK's team, and the heads of OPD whose Kepala Daerah's decisions the
admin BKD records; one row saved per request (htmx)."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.org.policies import require_admin_bkd
from accounts.org.roles import actor_for, roles_for
from appraisal.choices import ANNUAL, RATING_CHOICES, EvaluationStatus
from appraisal.cycles import selectors as cycle_selectors
from appraisal.cycles.models import Cycle
from appraisal.cycles.selectors import CycleChoice
from appraisal.evaluation import policies as evaluation_policies
from appraisal.evaluation import selectors, services
from appraisal.evaluation.forms import RowForm
from appraisal.evaluation.models import Evaluation
from appraisal.evaluation.selectors import (
    current_period,
    head_scoring_rows,
    team_scoring_rows,
)
from appraisal.evaluation.services import StaleEvaluation
from appraisal.evaluation.views.page import unconfirmed_without_realisation
from appraisal.plans import policies
from appraisal.plans.selectors import awaiting_the_head
from core.errors import DomainError
from core.menus import Menu, menu


def _require_appraiser(roles):
    if not roles.may_appraise:
        raise PermissionDenied


@menu(Menu.MY_TEAM)
@login_required
def team_scoring(request):
    """All of the PPK's subordinates for one period, rated row by row without a page reload.
    Any open or closed year (?year=; January runs last year's annual evaluation beside this
    year's plans); a closed one is shown read-only."""
    roles = roles_for(request)
    _require_appraiser(roles)
    choice = cycle_selectors.cycle_chosen(request.GET.get("year"))
    context = {"choice": choice, "cycle": choice.cycle}
    if choice.cycle is not None:
        context |= _scoring(request, choice, partial(team_scoring_rows, roles.employee))
    return render(request, "appraisal/evaluation/team_scoring.html", context)


@menu(Menu.PERFORMANCE)
@login_required
def head_scoring(request):
    """The admin BKD records the Kepala Daerah's decisions on the heads of OPD (domain §1): their
    SKP awaiting approval, and their evaluations, rated row by row as a PPK does on team scoring
    and finalised on the evaluation page (the services ask plans.policies.may_decide)."""
    roles = roles_for(request)
    require_admin_bkd(roles)
    choice = cycle_selectors.cycle_chosen(request.GET.get("year"))
    context: dict = {"choice": choice, "cycle": choice.cycle}
    if choice.cycle is not None:
        context |= _scoring(request, choice, head_scoring_rows)
        if not choice.read_only:
            context["awaiting"] = awaiting_the_head(choice.cycle)
    return render(request, "appraisal/evaluation/head_scoring.html", context)


def _scoring(request, choice: CycleChoice, rows_of) -> dict:
    """The rows of a scoring page for the period asked, read-only in a closed year."""
    cycle = choice.cycle
    period = _period_asked(request, cycle)
    rows = rows_of(cycle, period, prepare=not choice.read_only)
    for row in rows:
        if row["evaluation"] is not None:
            row["form"] = _row_form(row["evaluation"])
        row["read_only"] = choice.read_only
    finalised = [
        r for r in rows if r["evaluation"] and r["evaluation"].status == EvaluationStatus.FINALISED
    ]
    return {
        "period": period,
        "periods": _period_choices(cycle),
        "rows": rows,
        "done": len(finalised),
    }


def _period_asked(request, cycle: Cycle) -> int:
    """?period= (0 = the year), else the period due now; a period the cycle lacks is 404."""
    try:
        period = int(request.GET.get("period", current_period(cycle)))
    except ValueError:
        period = current_period(cycle)
    if period not in [p.number for p in cycle.periods] + [ANNUAL]:
        raise Http404
    return period


def _period_choices(cycle: Cycle) -> list[tuple[int, str]]:
    return [(p.number, p.label) for p in cycle.periods] + [(ANNUAL, _("Annual"))]


def _row_form(evaluation, data=None):
    return RowForm(
        data,
        initial={
            "version": evaluation.version,
            "rating_hasil": evaluation.rating_hasil,
            "rating_perilaku": evaluation.rating_perilaku,
        },
        prefix=str(evaluation.public_id),
    )


def _save_row(request, evaluation: Evaluation, form: RowForm):
    """(the evaluation as the row shows it, the problem or "", saved, the attempted choice)."""
    if not form.is_valid():
        return evaluation, _("Choose a rating from the list."), False, ""
    data = form.cleaned_data
    warning = unconfirmed_without_realisation(evaluation, data, finalise=False)
    if warning:
        # Shown again as chosen: ticking the confirmation sends them with it.
        evaluation.rating_hasil = data["rating_hasil"] or evaluation.rating_hasil
        evaluation.rating_perilaku = data["rating_perilaku"] or evaluation.rating_perilaku
        return evaluation, warning, False, ""
    try:
        saved = services.evaluation_save(
            evaluation,
            expected_version=data["version"],
            rating_hasil=data["rating_hasil"],
            rating_perilaku=data["rating_perilaku"],
            notes=evaluation.notes,
            actor=actor_for(request),
        )
    except StaleEvaluation as error:
        evaluation.refresh_from_db()
        labels = dict(RATING_CHOICES)
        attempted = " / ".join(
            labels.get(data[name], "—") for name in ("rating_hasil", "rating_perilaku")
        )
        return evaluation, str(error), False, attempted
    except DomainError as error:
        return evaluation, str(error), False, ""
    return saved, "", True, ""


@login_required
@require_POST
def team_scoring_row(request, public_id):
    """Save one row (htmx); a stale version is explained in the row, never overwritten."""
    roles = roles_for(request)
    evaluation = evaluation_policies.evaluation_for_ppk(roles, public_id)
    form = _row_form(evaluation, request.POST)
    evaluation, problem, saved, attempted = _save_row(request, evaluation, form)
    if not request.htmx:
        # Without JavaScript the row form posts normally: say what happened on the page.
        if problem:
            messages.error(request, problem)
        else:
            messages.success(request, _("Saved."))
        # Back to the page the row came from: the admin BKD's rows are the Kepala Daerah's.
        page = (
            "head_scoring"
            if policies.decides_for_the_head(roles, evaluation.skp)
            else "team_scoring"
        )
        return redirect(
            f"{reverse(f'appraisal:{page}')}?year={evaluation.skp.cycle.year}"
            f"&period={evaluation.period}"
        )
    statuses = selectors.realisation_statuses([evaluation.skp], evaluation.period)
    row = {
        "employee": evaluation.skp.employee,
        "skp": evaluation.skp,
        "evaluation": evaluation,
        "form": _row_form(evaluation),
        "problem": problem,
        "saved": saved,
        "attempted": attempted,
        "confirmed": form.is_valid() and form.cleaned_data["confirm_no_realisation"],
        "realisation_status": statuses.get(evaluation.skp_id, ""),
    }
    return render(request, "appraisal/evaluation/_row.html", {"row": row})
