"""Admin BKD: closing each period and the annual cycle, with the completeness report (domain §2)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.org.roles import actor_for, roles_for
from appraisal.choices import ANNUAL, CycleStatus
from appraisal.closing import services
from appraisal.closing.completeness import (
    GAP_KINDS,
    completeness,
    every_opd,
    gap_counts,
    grouped_gap_counts,
    total_gaps,
)
from appraisal.closing.policies import cycle_for_closing
from appraisal.closing.selectors import pending_rights
from appraisal.cycles.models import PeriodClosure
from appraisal.cycles.windows import period_name
from core.errors import DomainError
from core.figures import REFRESH_PARAM, figures_context, slow_figures, wants_refresh
from core.menus import Menu, menu


def _cycle(request, year):
    return cycle_for_closing(roles_for(request), year)


def _period(cycle, period: int) -> int:
    if period not in services.closable_periods(cycle):
        raise Http404
    return period


def _confirmed(request) -> bool:
    return request.POST.get("confirm_gaps") in ("on", "1", "true")


class RightsForm(forms.Form):
    # Blank is the service's to refuse when rights are still running, with its own words.
    rights_reason = forms.CharField(required=False, max_length=5000)


def _rights_reason(request) -> str | None:
    """The reason for closing before the objections ended, or None (with the refusal as a
    message) when it cannot be stored."""
    form = RightsForm(request.POST)
    if form.is_valid():
        return form.cleaned_data["rights_reason"]
    messages.error(request, " ".join(form.errors["rights_reason"]))
    return None


class ReopenForm(forms.Form):
    # Blank is the service's to refuse, with its own words; a NUL byte never reaches the history.
    reason = forms.CharField(required=False)


def _reopen_reason(request) -> str | None:
    """The reason typed, or None (with the refusal as a message) when it cannot be stored."""
    form = ReopenForm(request.POST)
    if form.is_valid():
        return form.cleaned_data["reason"]
    messages.error(request, " ".join(form.errors["reason"]))
    return None


def _states(cycle) -> list[dict]:
    """Each period then the year, with its closure in force and its last reopening (one query)."""
    closures = list(cycle.closures.select_related("closed_by", "reopened_by").order_by("closed_at"))
    rows = []
    for number in services.closable_periods(cycle):
        mine = [c for c in closures if c.period == number]
        rows.append(
            {
                "number": number,
                "label": period_name(cycle, number),
                "is_annual": number == ANNUAL,
                "closure": next((c for c in mine if c.reopened_at is None), None),
                "reopened": next((c for c in reversed(mine) if c.reopened_at), None),
            }
        )
    return rows


@menu(Menu.PERFORMANCE)
@login_required
def closing(request, year):
    cycle = _cycle(request, year)
    is_open = cycle.status == CycleStatus.OPEN
    return render(
        request,
        "appraisal/closing/overview.html",
        {
            "cycle": cycle,
            "rows": _states(cycle),
            "is_closed": cycle.status == CycleStatus.CLOSED,
            # The year's rights still running, over every period (as cycle_close checks them).
            "rights": pending_rights(cycle, services.closable_periods(cycle)) if is_open else None,
        },
    )


@menu(Menu.PERFORMANCE)
@login_required
def closing_report(request, year, period):
    cycle = _cycle(request, year)
    period = _period(cycle, period)
    opds = list(every_opd())
    chosen = None
    code = request.GET.get("opd", "")
    if code:
        chosen = next((o for o in opds if o.code == code), None)
    # Names for one OPD at a time; across every OPD only the counts (a province's gaps would be
    # a 16 MB page of 100,000 names).
    if chosen:
        report, figures = completeness(cycle, period, [chosen.pk], opds=opds), {}
    else:
        counted = slow_figures(
            "gap-counts",
            (cycle.pk, period),
            lambda: grouped_gap_counts(cycle, period, [opd.pk for opd in opds]),
            refresh=wants_refresh(request),
        )
        report = gap_counts(cycle, period, grouped=counted.value, opds=opds)
        figures = figures_context(request, counted)
    closure = (
        PeriodClosure.objects.filter(cycle=cycle, period=period, reopened_at__isnull=True)
        .select_related("closed_by")
        .first()
    )
    return render(
        request,
        "appraisal/closing/report.html",
        {
            "cycle": cycle,
            "period": period,
            "label": period_name(cycle, period),
            "report": report,
            "kinds": GAP_KINDS,
            "gaps": total_gaps(report),
            "opds": opds,
            "chosen": chosen,
            "closure": closure,
            "rights": pending_rights(cycle, [period]) if closure is None else None,
            **figures,
            "filtered": chosen is not None,
        },
    )


@menu(Menu.PERFORMANCE)
@login_required
@require_POST
def period_close(request, year, period):
    cycle = _cycle(request, year)
    period = _period(cycle, period)
    rights_reason = _rights_reason(request)
    if rights_reason is None:
        return redirect("appraisal:closing_report", year=cycle.year, period=period)
    try:
        services.period_close(
            cycle,
            period,
            actor=actor_for(request),
            confirm_gaps=_confirmed(request),
            rights_reason=rights_reason,
        )
    except DomainError as error:
        messages.error(request, str(error))
        # The gaps the refusal speaks of, counted now (not a count kept from before).
        url = reverse("appraisal:closing_report", args=[cycle.year, period])
        return redirect(f"{url}?{REFRESH_PARAM}=1")
    messages.success(request, _("%(period)s is closed.") % {"period": period_name(cycle, period)})
    return redirect("appraisal:closing_report", year=cycle.year, period=period)


@menu(Menu.PERFORMANCE)
@login_required
@require_POST
def period_reopen(request, year, period):
    cycle = _cycle(request, year)
    period = _period(cycle, period)
    closure = PeriodClosure.objects.filter(
        cycle=cycle, period=period, reopened_at__isnull=True
    ).first()
    if closure is None:
        messages.error(request, _("This period is not closed."))
        return redirect("appraisal:closing_report", year=cycle.year, period=period)
    reason = _reopen_reason(request)
    if reason is None:
        return redirect("appraisal:closing_report", year=cycle.year, period=period)
    try:
        services.period_reopen(closure, reason, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(period)s is open again.") % {"period": period_name(cycle, period)}
        )
    return redirect("appraisal:closing_report", year=cycle.year, period=period)


@menu(Menu.PERFORMANCE)
@login_required
@require_POST
def cycle_close(request, year):
    cycle = _cycle(request, year)
    rights_reason = _rights_reason(request)
    if rights_reason is None:
        return redirect("appraisal:closing", year=cycle.year)
    try:
        services.cycle_close(
            cycle,
            actor=actor_for(request),
            confirm_gaps=_confirmed(request),
            rights_reason=rights_reason,
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Cycle %(year)s is closed.") % {"year": cycle.year})
    return redirect("appraisal:closing", year=cycle.year)


@menu(Menu.PERFORMANCE)
@login_required
@require_POST
def cycle_reopen(request, year):
    cycle = _cycle(request, year)
    reason = _reopen_reason(request)
    if reason is None:
        return redirect("appraisal:closing", year=cycle.year)
    try:
        services.cycle_reopen(cycle, reason, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Cycle %(year)s is open again.") % {"year": cycle.year})
    return redirect("appraisal:closing", year=cycle.year)
