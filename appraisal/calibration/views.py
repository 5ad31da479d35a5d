"""Calibration pages (domain §6): the units to calibrate, one unit's distribution against its
pattern, setting the organisational predicate, finalising, the Format Penetapan Predikat Kinerja
(PDF) and the cycle's distribution pattern (admin BKD).

Access (calibration.policies): the kepala of the unit or of a unit above it, the admin OPD of its
OPD and the admin BKD; no calibration role → 403, a unit outside the scope → 404. The services
ask the same predicates again; buttons are only hidden as a courtesy."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import formset_factory
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.org import selectors as org_selectors
from accounts.org.models import OrgUnit
from accounts.org.roles import Roles, actor_for, roles_for
from appraisal import rules
from appraisal.calibration import policies as cal
from appraisal.calibration import selectors as calibration_selectors
from appraisal.calibration import services
from appraisal.calibration.forms import (
    FinaliseForm,
    LimitRowForm,
    PatternForm,
    PredicateForm,
    ReopenUnitForm,
)
from appraisal.choices import (
    ANNUAL,
    BreachPolicy,
    CycleStatus,
)
from appraisal.cycles import selectors
from appraisal.cycles.models import Cycle, UnitFinalisation, UnitPredicate
from core.errors import DomainError
from core.pagination import paginate, query_without_page

EXTRA_ROWS = 1  # blank rows offered per organisational predicate in the pattern table


LIST_PAGE_SIZE = 50  # units per page of the calibration list (a province has thousands)


LimitRowFormSet = formset_factory(LimitRowForm, extra=EXTRA_ROWS)


# ----------------------------------------------------------------------------------- helpers
def _default_period(cycle: Cycle) -> int:
    today = timezone.localdate()
    found = next((p for p in cycle.periods if p.start <= today <= p.end), None)
    return found.number if found else ANNUAL


def _page_url(cycle: Cycle, unit: OrgUnit, period: int) -> str:
    return reverse(
        "appraisal:calibration", kwargs={"year": cycle.year, "code": unit.code, "period": period}
    )


def _chart(counts: Counter, pattern: tuple[rules.Limit, ...], total: int) -> dict:
    """Bars per predicate (and per combined limit): actual, the most allowed, the fewest needed."""
    columns: list[tuple[str, tuple[rules.Predicate, ...]]] = [
        (p.label, (p,)) for p in rules.Predicate
    ]
    for limit in pattern:
        if len(limit.predicates) > 1:
            columns.append((" + ".join(p.label for p in limit.predicates), limit.predicates))
    most: list[int | None] = [None] * len(columns)
    least: list[int | None] = [None] * len(columns)
    keys = [key for _label, key in columns]
    for limit in pattern:
        index = keys.index(limit.predicates) if limit.predicates in keys else None
        if index is None:
            continue
        target = most if limit.bound is rules.Bound.AT_MOST else least
        target[index] = limit.allowed(total)
    return {
        "labels": [label for label, _key in columns],
        "actual": [sum(counts.get(p, 0) for p in key) for key in keys],
        "most": most,
        "least": least,
        "names": {
            "actual": _("Actual"),
            "most": _("Allowed at most"),
            "least": _("Needed at least"),
        },
    }


def _limit_rows(pattern, counts: Counter, total: int, breaches) -> list[dict]:
    broken = {id(b.limit) for b in breaches}
    return [
        {
            "text": services.limit_sentence(limit),
            "allowed": limit.allowed(total),
            "at_most": limit.bound is rules.Bound.AT_MOST,
            "actual": sum(counts.get(p, 0) for p in limit.predicates),
            "broken": id(limit) in broken,
        }
        for limit in pattern
    ]


def _finalisation_in_force(cycle: Cycle, unit: OrgUnit, period: int) -> UnitFinalisation | None:
    """The unit's finalisation for the period, not reopened since (None: ratings may change)."""
    return (
        UnitFinalisation.objects.filter(cycle=cycle, unit=unit, period=period)
        .filter(reopened_at__isnull=True)
        .select_related("finalised_by")
        .first()
    )


def _unit_context(roles: Roles, target: cal.CalibrationTarget) -> dict:
    cycle, unit, tree, period = target.cycle, target.unit, target.tree, target.period
    org = UnitPredicate.objects.filter(cycle=cycle, unit=unit, period=period).first()
    finalisation = _finalisation_in_force(cycle, unit, period)
    unit_ids = org_selectors.subtree_ids(unit.pk, tree)
    evaluations = calibration_selectors.unit_evaluations(cycle, unit_ids, period)
    counts = services.counts_of(evaluations)
    # Over everyone who must be rated, not only those rated so far (domain §6).
    unrated = calibration_selectors.unrated_employees(cycle, unit_ids, period)
    total = rules.distribution_size(counts, len(unrated))
    limits = services.limits_for(cycle)
    org_predicate = rules.OrgPredicate[org.predicate] if org else None
    pattern = limits.get(org_predicate, ()) if org_predicate else ()
    breaches = (
        rules.distribution_breaches(org_predicate, counts, limits, total) if org_predicate else []
    )
    groups = calibration_selectors.group_by_predicate(evaluations)
    for group in groups:
        for evaluation in group.evaluations:
            evaluation.ppk_shown = calibration_selectors.ppk_name(evaluation)
    stored = []
    if finalisation is not None and org_predicate is not None:
        stored = [
            services.breach_sentence(org_predicate.label, item) for item in finalisation.breaches
        ]
    chart = _chart(counts, pattern, total)
    editable = finalisation is None and cycle.status != CycleStatus.CLOSED
    return {
        "cycle": cycle,
        "choice": selectors.CycleChoice(
            cycle,
            [cycle.year],
            selectors.closed_on_day(cycle) if cycle.status == CycleStatus.CLOSED else None,
        ),
        "unit": unit,
        "period": period,
        "period_name": calibration_selectors.period_name(cycle, period),
        "periods": [(p.number, p.label) for p in cycle.periods] + [(ANNUAL, "Tahunan")],
        "org": org,
        "org_predicate": org_predicate,
        "finalisation": finalisation,
        "stored_breaches": stored,
        "groups": groups,
        "total": total,
        "pending": len(groups[-1].evaluations),
        "limit_rows": _limit_rows(pattern, counts, total, breaches),
        "breaches": [services.breach_sentence(org_predicate.label, b) for b in breaches]
        if org_predicate
        else [],
        "chart": chart,
        "chart_rows": list(
            zip(chart["labels"], chart["actual"], chart["most"], chart["least"], strict=True)
        ),
        "justify_mode": cycle.breach_policy == BreachPolicy.JUSTIFY,
        "may_set": editable and cal.may_set_predicate(roles, unit),
        "on_behalf": not cal.is_leader_above(roles, unit),
        "may_finalise": editable and org is not None and cal.may_finalise(roles, unit),
        "unrated": unrated,
    }


def _rights_context(roles: Roles, context: dict) -> dict:
    """Who is still without a result, whether the admin BKD may finalise anyway and reopen, and
    the unit's last reopening (point 10 of issue 20)."""
    cycle, unit, period = context["cycle"], context["unit"], context["period"]
    reopened = (
        UnitFinalisation.objects.filter(cycle=cycle, unit=unit, period=period)
        .filter(reopened_at__isnull=False)
        .select_related("reopened_by")
        .order_by("-reopened_at")
        .first()
    )
    is_open = cycle.status != CycleStatus.CLOSED
    return {
        "may_override_unrated": bool(context["unrated"]) and cal.may_override_unrated(roles),
        "may_reopen": context["finalisation"] is not None and is_open and cal.may_reopen(roles),
        "reopened": reopened,
    }


def _render_unit(request, roles, target: cal.CalibrationTarget, **forms_given):
    context = _unit_context(roles, target)
    context.update(_rights_context(roles, context))
    context["reopen_form"] = forms_given.get("reopen_form") or ReopenUnitForm()
    initial = {"predicate": context["org"].predicate} if context["org"] else {}
    context["predicate_form"] = forms_given.get("predicate_form") or PredicateForm(initial=initial)
    context["finalise_form"] = forms_given.get("finalise_form") or FinaliseForm()
    return render(request, "appraisal/calibration/unit.html", context)


# --------------------------------------------------------------------------------------- views
@login_required
@require_GET
def calibration_list(request):
    """The units in scope with their organisational predicate and finalisation for a period."""
    roles = roles_for(request)
    if not cal.has_calibration_role(roles):
        raise PermissionDenied
    choice = selectors.cycle_chosen(request.GET.get("year"))
    cycle = choice.cycle
    context: dict = {"cycle": cycle, "choice": choice, "years": choice.years}
    if cycle is not None:
        raw = request.GET.get("period", "").strip()
        period = int(raw) if raw.isdecimal() else _default_period(cycle)
        if period != ANNUAL and cycle.period(period) is None:
            period = _default_period(cycle)
        page = paginate(
            request, calibration_selectors.calibration_list_units(roles), LIST_PAGE_SIZE
        )
        context.update(
            period=period,
            period_name=calibration_selectors.period_name(cycle, period),
            periods=[(p.number, p.label) for p in cycle.periods] + [(ANNUAL, "Tahunan")],
            rows=calibration_selectors.calibration_rows(page.object_list, cycle, period),
            page=page,
            query=query_without_page(request),
        )
    return render(request, "appraisal/calibration/list.html", context)


@login_required
@require_GET
def calibration(request, year, code, period):
    """One unit: actual against allowed distribution, employees by predicate, the forms."""
    roles = roles_for(request)
    return _render_unit(request, roles, cal.target_for_calibration(roles, year, code, period))


@login_required
@require_POST
def unit_predicate_set(request, year, code, period):
    roles = roles_for(request)
    target = cal.target_for_calibration(roles, year, code, period)
    if not cal.may_set_predicate(roles, target.unit):
        raise PermissionDenied
    form = PredicateForm(request.POST)
    if form.is_valid():
        try:
            services.unit_predicate_set(
                target.cycle,
                target.unit,
                period,
                form.cleaned_data["predicate"],
                actor=actor_for(request),
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Organisational predicate saved."))
            return redirect(_page_url(target.cycle, target.unit, period))
    return _render_unit(request, roles, target, predicate_form=form)


@login_required
@require_POST
def unit_finalise(request, year, code, period):
    roles = roles_for(request)
    target = cal.target_for_calibration(roles, year, code, period)
    if not cal.may_finalise(roles, target.unit):
        raise PermissionDenied
    form = FinaliseForm(request.POST)
    if form.is_valid():
        try:
            done = services.unit_finalise(
                target.cycle,
                target.unit,
                period,
                form.cleaned_data["justification"],
                actor=actor_for(request),
                unrated_reason=form.cleaned_data["unrated_reason"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if done.breaches:
                messages.warning(
                    request,
                    _("The unit is finalised with %(count)s breach(es) of its pattern.")
                    % {"count": len(done.breaches)},
                )
            else:
                messages.success(request, _("The unit is finalised."))
            return redirect(_page_url(target.cycle, target.unit, period))
    return _render_unit(request, roles, target, finalise_form=form)


@login_required
@require_POST
def unit_reopen(request, year, code, period):
    """The admin BKD reopens a finalised unit with a reason: its ratings may change again."""
    roles = roles_for(request)
    target = cal.target_for_calibration(roles, year, code, period)
    if not cal.may_reopen(roles):
        raise PermissionDenied
    finalisation = UnitFinalisation.objects.filter(
        cycle=target.cycle, unit=target.unit, period=period, reopened_at__isnull=True
    ).first()
    if finalisation is None:
        messages.error(request, _("This unit is not finalised for the period."))
        return redirect(_page_url(target.cycle, target.unit, period))
    form = ReopenUnitForm(request.POST)
    if form.is_valid():
        try:
            services.unit_reopen(
                finalisation, form.cleaned_data["reason"], actor=actor_for(request)
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The unit is open again: its ratings may change."))
            return redirect(_page_url(target.cycle, target.unit, period))
    return _render_unit(request, roles, target, reopen_form=form)


# ------------------------------------------------------------------ the distribution pattern
def _pattern_formsets(cycle: Cycle, data=None) -> list[tuple[rules.OrgPredicate, object]]:
    limits = services.limits_for(cycle)
    result = []
    for org in rules.OrgPredicate:
        initial = [
            {
                "predicates": [p.name for p in limit.predicates],
                "bound": limit.bound.value,
                "percent": limit.percent,
                "minimum": limit.minimum,
            }
            for limit in limits.get(org, ())
        ]
        result.append((org, LimitRowFormSet(data, initial=initial, prefix=org.name.lower())))
    return result


@login_required
def distribution_limits(request, year):
    """The cycle's distribution pattern as an editable table, and the breach policy (admin BKD)."""
    roles = roles_for(request)
    if not cal.may_edit_pattern(roles):
        raise PermissionDenied
    cycle = selectors.cycle_of_year(year)
    data = request.POST if request.method == "POST" else None
    formsets = _pattern_formsets(cycle, data)
    form = PatternForm(data, initial={"breach_policy": cycle.breach_policy})
    if data is not None and form.is_valid() and all(fs.is_valid() for _o, fs in formsets):
        rows = [
            {"org_predicate": org.name, **row}
            for org, formset in formsets
            for row in formset.cleaned_data
            if row and row.get("predicates")
        ]
        try:
            services.limits_save(
                cycle,
                rows,
                actor=actor_for(request),
                reason=form.cleaned_data["reason"],
                breach_policy=form.cleaned_data["breach_policy"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Distribution pattern saved."))
            return redirect("appraisal:distribution_limits", year=cycle.year)
    return render(
        request,
        "appraisal/calibration/limits.html",
        {"cycle": cycle, "form": form, "formsets": formsets},
    )
