"""Evaluation: the PPK scores a period or the year; the employee receives the result (domain §5)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.org.roles import actor_for, roles_for
from accounts.privacy.models import AccessKind
from accounts.privacy.services import access_record
from appraisal import extensions, rules
from appraisal.choices import ANNUAL, RATING_CHOICES, CycleStatus, EvaluationStatus
from appraisal.cycles import selectors as cycle_selectors
from appraisal.cycles.models import Cycle
from appraisal.evaluation import policies as evaluation_policies
from appraisal.evaluation import selectors, services
from appraisal.evaluation.forms import EvaluationForm, RowForm
from appraisal.evaluation.models import Evaluation
from appraisal.evaluation.selectors import current_period, team_scoring_rows
from appraisal.evaluation.services import StaleEvaluation
from appraisal.panels import page_panels
from appraisal.plans import policies
from appraisal.realisation.models import Realisation
from core.errors import DomainError
from core.menus import Menu, menu

GUIDANCE = {
    "above": _(
        "Di Atas Ekspektasi: most or all results above expectation, and no main (Utama) result "
        "below it."
    ),
    "below": _("Di Bawah Ekspektasi: most or all results below expectation."),
    "meets": _("Sesuai Ekspektasi: otherwise."),
}


@login_required
def evaluation_start(request, public_id, period):
    """Open (creating when needed) the evaluation of an SKP for a period; the PPK or anyone who
    may see the SKP lands on it."""
    roles = roles_for(request)
    skp = policies.skp_for_view(roles, public_id)
    if not services.period_covered(skp, period):
        raise Http404  # like the realisation pages: a period the plan does not reach is not found
    existing = Evaluation.objects.filter(skp=skp, period=period).first()
    owner_too_early = existing is not None and existing.status != EvaluationStatus.FINALISED
    if owner_too_early and policies.is_owner(roles, skp):
        raise Http404  # the result is the employee's once it is final
    if existing is None:
        if not policies.may_decide(roles, skp):
            raise Http404  # only the PPK opens a new evaluation sheet
        try:
            existing = services.evaluation_for(skp, period, actor=actor_for(request))
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("appraisal:skp_detail", public_id=skp.public_id)
    return redirect("appraisal:evaluation", public_id=existing.public_id)


@login_required
def evaluation_page(request, public_id):
    roles = roles_for(request)
    evaluation = evaluation_policies.evaluation_for_view(roles, public_id)
    if request.htmx and "preview" in request.GET:
        return _predicate_preview(request, evaluation)
    if request.method != "POST":
        access_record(
            actor=actor_for(request),
            kind=AccessKind.DOSSIER,
            path=request.path,
            subject_id=evaluation.skp.employee_id,
        )
    page = selectors.evaluation_page(roles, evaluation)
    form = EvaluationForm(
        request.POST or None,
        rhks=page.rhks,
        evaluation=evaluation,
        initial={
            "version": evaluation.version,
            "rating_hasil": evaluation.rating_hasil,
            "rating_perilaku": evaluation.rating_perilaku,
            "notes": evaluation.notes,
        },
    )
    if request.method == "POST":
        if not page.is_ppk:
            raise PermissionDenied
        if form.is_valid() and _save(request, evaluation, form):
            return redirect("appraisal:evaluation", public_id=evaluation.public_id)
    return render(request, "appraisal/evaluation/page.html", _context(request, page, form))


def _save(request, evaluation: Evaluation, form: EvaluationForm) -> bool:
    """Save what is on the screen and, when asked, finalise it at that version; a refusal goes
    on the form and in the messages."""
    data = form.cleaned_data
    finalise = "finalise" in request.POST
    actor = actor_for(request)
    try:
        saved = services.evaluation_save(
            evaluation,
            expected_version=data["version"],
            rating_hasil=data["rating_hasil"],
            rating_perilaku=data["rating_perilaku"],
            notes=data["notes"],
            rhk_notes=form.rhk_notes(),
            perilaku_notes=form.perilaku_notes(),
            actor=actor,
        )
        if finalise:
            services.evaluation_finalise(saved, actor=actor, expected_version=saved.version)
    except DomainError as error:
        form.add_error(None, str(error))
        messages.error(request, str(error))
        return False
    if finalise:
        messages.success(
            request,
            _("Evaluation finalised. %(name)s has been notified.")
            % {"name": evaluation.skp.employee.full_name},
        )
    else:
        messages.success(request, _("Evaluation saved."))
    return True


def _context(request, page: selectors.EvaluationPage, form: EvaluationForm) -> dict:
    evaluation = page.evaluation
    forced, org_predicate = page.unit_head
    return {
        "evaluation": evaluation,
        "skp": page.skp,
        "rhks": page.rhks,
        "form": form,
        "is_ppk": page.is_ppk,
        "is_owner": page.is_owner,
        "editable": page.editable,
        "refusal": "" if page.window.is_open else page.window.refusal,
        "guidance": GUIDANCE,
        "forced_rating": forced,
        "org_predicate": org_predicate,
        "period_label": services.period_label(evaluation),
        "objection_deadline": page.objection_deadline,
        "may_object": page.may_object,
        **page.evidence,
        "panels": page_panels(extensions.evaluation_panels, request, evaluation),
    }


def _predicate_preview(request, evaluation):
    hasil, perilaku = request.GET.get("rating_hasil", ""), request.GET.get("rating_perilaku", "")
    forced, _org = services.unit_head_rating(evaluation.skp, evaluation.period)
    hasil = forced or hasil  # a unit head's result is the unit's, whatever is picked
    valid = rules.Rating.__members__
    predicate = ""
    if hasil in valid and perilaku in valid:
        predicate = rules.employee_predicate(rules.Rating[hasil], rules.Rating[perilaku]).label
    return render(request, "appraisal/evaluation/_predicate.html", {"predicate_label": predicate})


@login_required
@require_POST
def evaluation_finalise(request, public_id):
    roles = roles_for(request)
    evaluation = evaluation_policies.evaluation_for_ppk(roles, public_id)
    try:
        services.evaluation_finalise(evaluation, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Evaluation finalised. %(name)s has been notified.")
            % {"name": evaluation.skp.employee.full_name},
        )
    return redirect("appraisal:evaluation", public_id=evaluation.public_id)


@login_required
@require_POST
def evaluation_acknowledge(request, public_id):
    evaluation = evaluation_policies.evaluation_for_owner(roles_for(request), public_id)
    try:
        services.evaluation_acknowledge(evaluation, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Receipt acknowledged."))
    return redirect("appraisal:evaluation", public_id=evaluation.public_id)


@menu(Menu.MY_PERFORMANCE)
@login_required
def my_results(request):
    """The employee's evaluations: finalised ones to read and acknowledge, drafts as a status."""
    roles = roles_for(request)
    if roles.employee is None:
        raise Http404
    evaluations = list(
        Evaluation.objects.filter(skp__employee=roles.employee)
        .select_related("skp__cycle", "skp__position")
        .order_by("-skp__cycle__year", "-skp__start_date", "period")
    )
    for evaluation in evaluations:
        evaluation.label = services.period_label(evaluation)
    return render(request, "appraisal/evaluation/my_results.html", {"evaluations": evaluations})


def _require_appraiser(roles):
    if not roles.may_appraise:
        raise PermissionDenied


@menu(Menu.MY_TEAM)
@login_required
def team_scoring(request):
    """All of the PPK's subordinates for one period, rated row by row without a page reload."""
    roles = roles_for(request)
    _require_appraiser(roles)
    open_cycles = list(Cycle.objects.filter(status=CycleStatus.OPEN).order_by("-year"))
    cycle = cycle_selectors.open_cycle()
    if request.GET.get("year"):
        # January: last year's annual evaluation runs while this year's plans are written.
        cycle = next((c for c in open_cycles if str(c.year) == request.GET["year"]), None)
        if cycle is None:
            raise Http404
    if cycle is None:
        return render(request, "appraisal/evaluation/team_scoring.html", {"cycle": None})
    numbers = [p.number for p in cycle.periods] + [ANNUAL]
    try:
        period = int(request.GET.get("period", current_period(cycle)))
    except ValueError:
        period = current_period(cycle)
    if period not in numbers:
        raise Http404
    rows = team_scoring_rows(roles.employee, cycle, period)
    for row in rows:
        row["form"] = _row_form(row["evaluation"])
    return render(
        request,
        "appraisal/evaluation/team_scoring.html",
        {
            "cycle": cycle,
            "period": period,
            "periods": [(p.number, p.label) for p in cycle.periods] + [(ANNUAL, _("Annual"))],
            "rows": rows,
            "open_cycles": open_cycles,
            "done": sum(1 for r in rows if r["evaluation"].status == EvaluationStatus.FINALISED),
        },
    )


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


@login_required
@require_POST
def team_scoring_row(request, public_id):
    """Save one row (htmx); a stale version is explained in the row, never overwritten."""
    roles = roles_for(request)
    evaluation = evaluation_policies.evaluation_for_ppk(roles, public_id)
    form = _row_form(evaluation, request.POST)
    problem, saved, attempted = "", False, ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            evaluation = services.evaluation_save(
                evaluation,
                expected_version=data["version"],
                rating_hasil=data["rating_hasil"],
                rating_perilaku=data["rating_perilaku"],
                notes=evaluation.notes,
                actor=actor_for(request),
            )
            saved = True
        except StaleEvaluation as error:
            problem = str(error)
            evaluation.refresh_from_db()
            labels = dict(RATING_CHOICES)
            attempted = " / ".join(
                labels.get(data[name], "—") for name in ("rating_hasil", "rating_perilaku")
            )
        except DomainError as error:
            problem = str(error)
    else:
        problem = _("Choose a rating from the list.")
    if not request.htmx:
        # Without JavaScript the row form posts normally: say what happened on the page.
        if problem:
            messages.error(request, problem)
        else:
            messages.success(request, _("Saved."))
        return redirect(
            f"{reverse('appraisal:team_scoring')}?year={evaluation.skp.cycle.year}"
            f"&period={evaluation.period}"
        )
    row = {
        "employee": evaluation.skp.employee,
        "skp": evaluation.skp,
        "evaluation": evaluation,
        "form": _row_form(evaluation),
        "problem": problem,
        "saved": saved,
        "attempted": attempted,
        "realisation_status": Realisation.objects.filter(
            skp=evaluation.skp, period=evaluation.period
        )
        .values_list("status", flat=True)
        .first()
        or "",
    }
    return render(request, "appraisal/evaluation/_row.html", {"row": row})
