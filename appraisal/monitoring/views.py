"""Monitoring for administrators: SKP progress per OPD and per person, and broken RHK links.

Admin OPD see their own OPD(s), admin BKD every OPD; an OPD outside the admin's scope is 404 and
everyone else is refused (403).
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from accounts.org import policies
from accounts.org.roles import roles_for
from appraisal.cycles import selectors
from appraisal.cycles.models import Cycle
from appraisal.monitoring import selectors as progress
from appraisal.monitoring.filters import BrokenLinkFilter, MonitoringEmployeeFilter
from core.figures import admin_scope, figures_context, slow_figures, wants_refresh
from core.menus import Menu, menu
from core.pagination import paginate, query_without_page

PAGE_SIZE = 50
OPD_PLACEHOLDER = "__opd__"


def _cycle(request) -> Cycle | None:
    """The cycle asked for (?year=), else the open one. An unknown year is 404."""
    year = request.GET.get("year", "").strip()
    if year.isdecimal():  # not isdigit: int() refuses "²"
        return get_object_or_404(Cycle.objects.prefetch_related("windows"), year=int(year))
    return selectors.open_cycle()


def _years() -> list[int]:
    return list(Cycle.objects.order_by("-year").values_list("year", flat=True))


@menu(Menu.PERFORMANCE)
@login_required
def monitoring(request):
    """Per OPD: active employees with no SKP, in draft, submitted, approved; with totals."""
    roles = roles_for(request)
    policies.require_admin(roles)
    cycle = _cycle(request)
    context = {"cycle": cycle, "years": _years()}
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
            context["for_the_head"] = progress.awaiting_the_head(cycle)
    return render(request, "appraisal/monitoring/overview.html", context)


@menu(Menu.PERFORMANCE)
@login_required
def monitoring_opd(request, code):
    """The people of one OPD with their SKP progress and PPK, filtered and paginated."""
    roles = roles_for(request)
    policies.require_admin(roles)
    opd = get_object_or_404(progress.scoped_opds(roles), code=code)
    cycle = _cycle(request)
    context = {"opd": opd, "cycle": cycle}
    if cycle is not None:
        people = MonitoringEmployeeFilter(
            request.GET, queryset=progress.opd_employees(opd, cycle), years=_years()
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
    cycle = _cycle(request)
    context = {"cycle": cycle}
    if cycle is not None:
        opds = progress.scoped_opds(roles)
        links = BrokenLinkFilter(
            request.GET,
            queryset=progress.broken_links(opds, cycle),
            years=_years(),
            opds=opds,
        )
        page = paginate(request, links.qs, PAGE_SIZE)
        page.object_list = list(page.object_list)
        progress.attach_broken_details(page.object_list)
        context.update(filter=links, page=page, query=query_without_page(request))
    return render(request, "appraisal/monitoring/broken_links.html", context)
