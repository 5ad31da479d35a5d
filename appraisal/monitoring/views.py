"""Monitoring for administrators: SKP progress per OPD and per person, broken RHK links, and the
reporting-line diagnostics (who cannot move their SKP on, and why).

Admin OPD see their own OPD(s), admin BKD every OPD; an OPD outside the admin's scope is 404 and
everyone else is refused (403).
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from accounts.org import policies
from accounts.org.roles import roles_for
from appraisal.cycles import selectors
from appraisal.cycles.selectors import CycleChoice
from appraisal.monitoring import diagnostics
from appraisal.monitoring import selectors as progress
from appraisal.monitoring.filters import (
    BrokenLinkFilter,
    LineDiagnosisFilter,
    MonitoringEmployeeFilter,
)
from appraisal.plans import selectors as plans_selectors
from core.figures import admin_scope, figures_context, slow_figures, wants_refresh
from core.menus import Menu, menu
from core.pagination import paginate, query_without_page

PAGE_SIZE = 50
OPD_PLACEHOLDER = "__opd__"


def _choice(request) -> CycleChoice:
    """The cycle asked for (?year=, a cycle being prepared too: these are admins' pages), else
    the open one, else the latest closed one. An unknown year is 404."""
    return selectors.cycle_chosen(request.GET.get("year"), drafts=True)


@menu(Menu.PERFORMANCE)
@login_required
def monitoring(request):
    """Per OPD: active employees with no SKP, in draft, submitted, approved; with totals."""
    roles = roles_for(request)
    policies.require_admin(roles)
    choice = _choice(request)
    cycle = choice.cycle
    context = {"cycle": cycle, "choice": choice, "years": choice.years}
    if cycle is not None:
        opds = list(progress.scoped_opds(roles))
        figures = slow_figures(
            "monitoring",
            (cycle.pk, admin_scope(roles)),
            lambda: progress.progress_counts([opd.pk for opd in opds], cycle),
            refresh=wants_refresh(request),
        )
        rows, total = progress.opd_progress(opds, cycle, figures.value)
        # One reverse() for the 209 rows of a province, not one per row.
        pattern = reverse("appraisal:monitoring_opd", args=[OPD_PLACEHOLDER])
        for row in rows:
            row.url = pattern.replace(OPD_PLACEHOLDER, quote(row.opd.code, safe=""))
        context.update(rows=rows, total=total, **figures_context(request, figures))
        if roles.is_admin_bkd:
            context["for_the_head"] = plans_selectors.awaiting_the_head(cycle)
    return render(request, "appraisal/monitoring/overview.html", context)


@menu(Menu.PERFORMANCE)
@login_required
def monitoring_opd(request, code):
    """The people of one OPD with their SKP progress and PPK, filtered and paginated."""
    roles = roles_for(request)
    policies.require_admin(roles)
    opd = get_object_or_404(progress.scoped_opds(roles), code=code)
    choice = _choice(request)
    cycle = choice.cycle
    context = {"opd": opd, "cycle": cycle, "choice": choice}
    if cycle is not None:
        people = MonitoringEmployeeFilter(
            request.GET, queryset=progress.opd_employees(opd, cycle), years=choice.years
        )
        page = paginate(request, people.qs, PAGE_SIZE)
        page.object_list = list(page.object_list)
        progress.attach_progress(page.object_list, opd)
        context.update(filter=people, page=page, query=query_without_page(request))
    return render(request, "appraisal/monitoring/opd.html", context)


@menu(Menu.PERFORMANCE)
@login_required
def broken_links(request):
    """RHK whose cascading link points at a deleted or revised-away supervisor RHK."""
    roles = roles_for(request)
    policies.require_admin(roles)
    choice = _choice(request)
    cycle = choice.cycle
    context = {"cycle": cycle, "choice": choice}
    if cycle is not None:
        opds = progress.scoped_opds(roles)
        links = BrokenLinkFilter(
            request.GET,
            queryset=progress.broken_links(opds, cycle),
            years=choice.years,
            opds=opds,
        )
        page = paginate(request, links.qs, PAGE_SIZE)
        page.object_list = list(page.object_list)
        progress.attach_broken_details(page.object_list)
        context.update(filter=links, page=page, query=query_without_page(request))
    return render(request, "appraisal/monitoring/broken_links.html", context)


@menu(Menu.PERFORMANCE)
@login_required
def line_diagnostics(request):
    """Everyone in the admin's scope (or one OPD of it) whose SKP cannot proceed today, why, and
    the page that fixes it; the counts per OPD and reason above the list."""
    roles = roles_for(request)
    policies.require_admin(roles)
    choice = _choice(request)
    opds = list(progress.scoped_opds(roles))
    chosen = None
    code = request.GET.get("opd", "")
    if code:
        chosen = next((opd for opd in opds if opd.code == code), None)
        if chosen is None:
            raise Http404  # not an OPD, or another admin's
    kept = diagnostics.kept_findings(
        [opd.pk for opd in ([chosen] if chosen else opds)],
        choice.cycle,
        timezone.localdate(),
        refresh=wants_refresh(request),
    )
    rows, total = diagnostics.counts(kept.value, opds)
    form = LineDiagnosisFilter(
        request.GET or None, opds=opds, reasons=diagnostics.reasons(), years=choice.years
    )
    shown = form.filtered(kept.value)
    page = paginate(request, shown, PAGE_SIZE, count=len(shown))
    page.object_list = _finding_rows(page.object_list, opds, roles.is_admin_bkd)
    context = {
        "cycle": choice.cycle,
        "choice": choice,
        "checks_plans": diagnostics.plan_cycle(choice.cycle) is not None,
        "chosen": chosen,
        "reasons": diagnostics.reasons(),
        "rows": rows,
        "total": total,
        "filter": form,
        "page": page,
        "query": query_without_page(request),
        **figures_context(request, kept),
    }
    return render(request, "appraisal/monitoring/diagnostics.html", context)


def _finding_rows(findings, opds, may_set_overrides: bool) -> list[dict]:
    """A page of findings as the table shows them: the OPD, the reason's words, the links."""
    opd_names = {opd.pk: opd.label for opd in opds}
    labels = dict(diagnostics.reasons())
    rows = []
    for finding in findings:
        fix_url, fix_words = diagnostics.fix_link(finding, may_set_overrides)
        rows.append(
            {
                "finding": finding,
                "opd": opd_names.get(finding.opd_id, ""),
                "reason": labels.get(finding.reason, finding.reason),
                "employee_url": reverse("org:employee_detail", args=[finding.nip]),
                "fix_url": fix_url,
                "fix_words": fix_words,
            }
        )
    return rows
