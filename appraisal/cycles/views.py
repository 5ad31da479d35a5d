"""Admin BKD: annual cycles, their windows, extensions and submission waivers (domain §2)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.org import policies
from accounts.org.roles import actor_for, roles_for
from appraisal.cycles import calendar, services
from appraisal.cycles import policies as cycles_policies
from appraisal.cycles.forms import (
    CycleForm,
    ExtensionForm,
    WaiverForm,
    WindowForm,
    default_cycle_year,
)
from appraisal.cycles.models import Cycle, Window
from appraisal.cycles.selectors import real_cycles
from core.errors import DomainError
from core.forms import show_domain_error
from core.menus import Menu, menu
from core.practice import active_cycle


@menu(Menu.PERFORMANCE)
@login_required
def cycle_list(request):
    policies.require_admin_bkd(roles_for(request))
    practice = active_cycle()  # inside a practice, its cycle alone
    shown = Cycle.objects.filter(pk=practice.pk) if practice else real_cycles()
    cycles = shown.annotate(skp_count=Count("skps")).order_by("-year")
    return render(request, "appraisal/cycles/list.html", {"cycles": cycles})


@menu(Menu.PERFORMANCE)
@login_required
def cycle_create(request):
    policies.require_admin_bkd(roles_for(request))
    initial = {"year": default_cycle_year()}
    form = CycleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cycle = services.cycle_create(
                data["year"],
                data["frequency"],
                data["objection_days"],
                None,
                actor=actor_for(request),
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(
                request,
                _("Cycle %(year)s created with the default windows. Check them, then open it.")
                % {"year": cycle.year},
            )
            return redirect("appraisal:cycle_detail", year=cycle.year)
    preview_source = request.POST or request.GET
    preview_form = CycleForm(preview_source or None, initial=initial)
    year, frequency = initial["year"], "triwulanan"
    if preview_source:
        preview_form.is_valid()  # the year and frequency may be valid when another field is not
        year = preview_form.cleaned_data.get("year") or year
        frequency = preview_form.cleaned_data.get("frequency") or frequency
    preview = [
        {
            "kind": kind,
            "period": calendar.periods(year, frequency)[period - 1] if period else None,
            "opens_on": opens,
            "closes_on": closes,
        }
        for kind, period, opens, closes in services.default_windows(year, frequency)
    ]
    return render(
        request,
        "appraisal/cycles/create.html",
        {"form": form, "preview": preview, "preview_year": year},
    )


def _cycle(request, year):
    return cycles_policies.cycle_for_admin(roles_for(request), year)


@menu(Menu.PERFORMANCE)
@login_required
def cycle_detail(request, year):
    cycle = _cycle(request, year)
    windows = cycle.windows.prefetch_related("extensions__opd", "extensions__employee")
    return render(
        request,
        "appraisal/cycles/detail.html",
        {
            "cycle": cycle,
            "windows": windows,
            "waivers": cycle.waivers.select_related("employee", "granted_by"),
            "history": cycle.history.select_related("history_user")[:20],
        },
    )


@menu(Menu.PERFORMANCE)
@login_required
@require_POST
def cycle_open(request, year):
    cycle = _cycle(request, year)
    try:
        services.cycle_open(cycle, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Cycle %(year)s is open.") % {"year": cycle.year})
    return redirect("appraisal:cycle_detail", year=cycle.year)


@menu(Menu.PERFORMANCE)
@login_required
def window_edit(request, year, window_id):
    cycle = _cycle(request, year)
    window = get_object_or_404(Window, cycle=cycle, pk=window_id)
    form = WindowForm(
        request.POST or None, initial={"opens_on": window.opens_on, "closes_on": window.closes_on}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.window_update(
                window,
                data["opens_on"],
                data["closes_on"],
                data["reason"],
                actor=actor_for(request),
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("Window dates saved."))
            return redirect("appraisal:cycle_detail", year=cycle.year)
    return render(
        request,
        "appraisal/cycles/form_page.html",
        {
            "form": form,
            "cycle": cycle,
            "title": _("Change window: %(window)s") % {"window": window.label},
        },
    )


@menu(Menu.PERFORMANCE)
@login_required
def window_extend(request, year, window_id):
    cycle = _cycle(request, year)
    window = get_object_or_404(Window, cycle=cycle, pk=window_id)
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.window_extend(
                window,
                data["scope"],
                data["closes_on"],
                data["reason"],
                actor=actor_for(request),
                opd=data.get("opd"),
                employee=data.get("employee"),
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("Extension recorded."))
            return redirect("appraisal:cycle_detail", year=cycle.year)
    return render(
        request,
        "appraisal/cycles/form_page.html",
        {
            "form": form,
            "cycle": cycle,
            "title": _("Extend: %(window)s") % {"window": window.label},
            "intro": _("The window closes on %(date)s for everyone else.")
            % {"date": formats.date_format(window.closes_on, "j F Y")},
        },
    )


@login_required
def waiver_grant(request, year):
    cycle = _cycle(request, year)
    form = WaiverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.waiver_grant(
                cycle, form.employee, form.cleaned_data["reason"], actor=actor_for(request)
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(
                request,
                _("%(name)s may now submit without waiting for their appraising official's SKP.")
                % {"name": form.employee.full_name},
            )
            return redirect("appraisal:cycle_detail", year=cycle.year)
    return render(
        request,
        "appraisal/cycles/form_page.html",
        {
            "form": form,
            "cycle": cycle,
            "title": _("Let an employee submit before their PPK's SKP is approved"),
        },
    )
