"""Progres harian: the employee notes what they did, a few taps on a phone; the PPK reads the
team's week.

The employee's page writes against their approved SKP in force today. Both pages show one week
(Monday to Sunday, ?week=YYYY-MM-DD) and build it from a constant number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.org.models import Employee
from accounts.org.reporting import OrgSnapshot
from accounts.org.roles import actor_for, roles_for
from appraisal.choices import CycleStatus, SkpStatus
from appraisal.cycles import calendar, selectors
from appraisal.plans.models import Rhk, Skp
from appraisal.realisation import policies as realisation_policies
from appraisal.realisation import services
from appraisal.realisation.forms import DailyLogForm
from appraisal.realisation.models import DailyLog, Evidence
from core.dates import parse_day
from core.errors import DomainError
from core.menus import Menu, menu

WEEKEND = 5  # Saturday's weekday(): weekend days show only when something was logged on them


def week_start(value: str | None, today: dt.date) -> dt.date:
    """The Monday of the asked week (any day of it in 1900–2100 is accepted), else of this week:
    the weeks around the calendar's ends would overflow (core.dates)."""
    day = parse_day(value) or today
    return day - dt.timedelta(days=day.weekday())


def week_url(name: str, monday: dt.date, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items() if v)
    return f"{reverse(name)}?week={monday.isoformat()}" + (f"&{query}" if query else "")


def week_days(monday: dt.date, logs, today: dt.date) -> list[dict]:
    """Each day with its entries: working days up to today always (a gap shows), the weekend
    and days to come only when something is logged on them."""
    by_day: dict[dt.date, list] = defaultdict(list)
    for log in logs:
        by_day[log.day].append(log)
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        if (offset < WEEKEND and day <= today) or by_day[day]:
            days.append({"day": day, "entries": by_day[day]})
    return days


def week_nav(name: str, monday: dt.date, today: dt.date, **params) -> dict:
    """Links to the previous and next week; none into the future."""
    next_monday = monday + dt.timedelta(days=7)
    return {
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "previous": week_url(name, monday - dt.timedelta(days=7), **params),
        "next": week_url(name, next_monday, **params) if next_monday <= today else "",
        "this_week": week_url(name, week_start(None, today), **params)
        if monday != week_start(None, today)
        else "",
    }


def _skp_in_force(employee: Employee | None, today: dt.date) -> Skp | None:
    """The employee's approved SKP in the open cycle that covers today."""
    cycle = selectors.open_cycle()
    if employee is None or cycle is None:
        return None
    skp = (
        Skp.objects.filter(
            employee=employee,
            cycle=cycle,
            status=SkpStatus.APPROVED,
            start_date__lte=today,
            end_date__gte=today,
        )
        .select_related("position__unit")
        .prefetch_related(
            Prefetch(
                "rhks",
                queryset=Rhk.objects.order_by("-section", "order", "pk").prefetch_related(
                    "rencana_aksi"
                ),
            )
        )
        .first()
    )
    if skp is not None:
        skp.cycle = cycle  # already loaded with its windows
    return skp


def _week_logs(monday: dt.date, **filters):
    return (
        DailyLog.objects.filter(day__range=(monday, monday + dt.timedelta(days=6)), **filters)
        .select_related("rhk", "rencana_aksi")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("created_at")))
        .order_by("day", "created_at")
    )


def _open_periods(skp: Skp | None, monday: dt.date, today: dt.date) -> set[int]:
    """Periods of this week whose entries may still be deleted (one window check per period)."""
    if skp is None:
        return set()
    numbers = set()
    for offset in range(7):
        period = calendar.period_of(
            skp.cycle.year, skp.cycle.frequency, monday + dt.timedelta(offset)
        )
        if period is not None and period.start <= today:
            numbers.add(period.number)
    return {n for n in numbers if services.period_window_or_today(skp, n).is_open}


@menu(Menu.MY_PERFORMANCE)
@login_required
def daily_log(request):
    roles = roles_for(request)
    today = timezone.localdate()
    monday = week_start(request.GET.get("week"), today)
    skp = _skp_in_force(roles.employee, today)
    form = None
    if skp is not None:
        period = calendar.period_of(skp.cycle.year, skp.cycle.frequency, today)
        form = DailyLogForm(
            request.POST or None,
            request.FILES or None,
            skp=skp,
            today=today,
            period=period.number if period else None,
        )
        if request.method == "POST" and form.is_valid():
            try:
                log = services.daily_log_add(
                    skp,
                    day=form.cleaned_data["day"],
                    activity=form.cleaned_data["activity"],
                    output=form.cleaned_data["output"],
                    rhk=form.rhk,
                    rencana_aksi=form.rencana_aksi,
                    upload=form.cleaned_data["file"],
                    actor=actor_for(request),
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Saved to your daily log."))
                return redirect(week_url("appraisal:daily_log", week_start(str(log.day), today)))
    logs = []
    if roles.employee is not None:
        logs = list(
            _week_logs(monday).filter(selectors.in_view("skp__cycle"), skp__employee=roles.employee)
        )
    open_periods = _open_periods(skp, monday, today)
    cycle = skp.cycle if skp else None
    for log in logs:
        found = cycle and calendar.period_of(cycle.year, cycle.frequency, log.day)
        log.deletable = bool(found and log.skp_id == skp.pk and found.number in open_periods)
    current = cycle and calendar.period_of(cycle.year, cycle.frequency, today)
    return render(
        request,
        "appraisal/daily_log/my.html",
        {
            "skp": skp,
            "form": form,
            "days": week_days(monday, logs, today),
            "week": week_nav("appraisal:daily_log", monday, today),
            "today": today,
            "current_period": current,
            "entry_count": len(logs),
            # This year's cycle closed by the BKD: say so rather than "no approved SKP".
            "closed_cycle": None
            if skp is not None
            else selectors.real_cycles().filter(year=today.year, status=CycleStatus.CLOSED).first(),
        },
    )


@login_required
@require_POST
def daily_log_delete(request, public_id):
    roles = roles_for(request)
    log = get_object_or_404(DailyLog.objects.select_related("skp"), public_id=public_id)
    log.skp = realisation_policies.skp_for_recording(roles, log.skp.public_id)
    try:
        services.daily_log_delete(log, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Entry deleted."))
    today = timezone.localdate()
    return redirect(week_url("appraisal:daily_log", week_start(str(log.day), today)))


@menu(Menu.MY_TEAM)
@login_required
def team_daily_log(request):
    """The PPK's subordinates' entries for a week, optionally one person's. Constant queries:
    subordinates from the org snapshot, the employees, the entries with their RHK, the evidence."""
    roles = roles_for(request)
    if not roles.may_appraise:
        raise PermissionDenied
    today = timezone.localdate()
    monday = week_start(request.GET.get("week"), today)
    ids = OrgSnapshot(today).subordinate_ids(roles.employee.pk)
    members = list(Employee.objects.filter(pk__in=ids).select_related("position").order_by("name"))
    chosen = next((m for m in members if m.nip == request.GET.get("pegawai")), None)
    shown = [chosen.pk] if chosen else [m.pk for m in members]
    logs = list(
        _week_logs(monday)
        .filter(selectors.in_view("skp__cycle"), skp__employee_id__in=shown)
        .select_related("skp__employee")
    )
    by_person = defaultdict(int)
    for log in logs:
        by_person[log.skp.employee_id] += 1
    return render(
        request,
        "appraisal/daily_log/team.html",
        {
            "members": members,
            "chosen": chosen,
            "days": week_days(monday, logs, today),
            "week": week_nav(
                "appraisal:team_daily_log", monday, today, pegawai=chosen.nip if chosen else ""
            ),
            "entry_count": len(logs),
            "today": today,
            "silent": [m for m in members if not by_person[m.pk]] if not chosen else [],
        },
    )
