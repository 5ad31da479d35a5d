"""The home page's part from appraisal: the "My tasks" card (what the user has to do in the open
cycle, with deadlines) and, on an administrator's card, the count of employees whose SKP cannot
proceed (the reporting-line diagnostics).

The home page lives in accounts, below appraisal; it asks the callables registered on
accounts.extensions.home_tasks and admin_home_figures (AppraisalConfig.ready() registers
employee_tasks and diagnostics_figure).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.extensions import HomeFigure
from appraisal.choices import EDITABLE_STATUSES, SkpStatus, WindowKind
from appraisal.cycles.selectors import CycleChoice, cycle_chosen, open_cycle
from appraisal.cycles.windows import skp_window, window_state
from appraisal.monitoring.diagnostics import day_count
from appraisal.monitoring.selectors import scoped_opds
from appraisal.plans.models import Skp
from appraisal.plans.selectors import employee_skps
from appraisal.realisation.progress import current_plan, plan_progress
from appraisal.realisation.selectors import periods_due
from core.figures import Figures, wants_refresh


@dataclass(frozen=True)
class Task:
    text: str
    url: str
    due: dt.date | None = None  # the last day of the window it belongs to
    waiting: bool = False  # on someone else: shown, not asked of the user


def employee_tasks(request, roles) -> list[Task] | None:
    """The user's tasks in the open cycle, most urgent first; None when no cycle was ever
    opened. With only a closed year, one line says when it was closed and where its results
    stay readable (cycles.selectors.cycle_chosen, as every cycle page picks its year)."""
    choice = cycle_chosen(None)
    cycle = choice.cycle
    if cycle is None or roles.employee is None:
        return None
    if choice.read_only:
        return [_closed_year(choice)]
    employee = roles.employee
    tasks = _plan_tasks(cycle, employee)
    if roles.may_appraise:
        tasks += _decisions(cycle, roles.subordinate_ids)
    return sorted(tasks, key=lambda t: (t.waiting, t.due or dt.date.max))


def _closed_year(choice: CycleChoice) -> Task:
    params = {"year": choice.cycle.year}
    if choice.closed_on is None:
        text = _("The %(year)s cycle is closed: your results stay readable.") % params
    else:
        params["date"] = formats.date_format(choice.closed_on, "j F Y")
        text = _("The %(year)s cycle was closed on %(date)s: your results stay readable.") % params
    return Task(text, reverse("appraisal:my_results"), waiting=True)


def _plan_tasks(cycle, employee) -> list[Task]:
    plans = [s for s in employee_skps(employee, cycle) if s.status != SkpStatus.SUPERSEDED]
    for skp in plans:
        skp.cycle = cycle  # its windows are loaded already
    if not plans:
        if employee.position_id is None:
            text = _("You hold no position in %(year)s yet: ask your OPD admin to place you.") % {
                "year": cycle.year
            }
            return [Task(text, reverse("appraisal:my_skp"), waiting=True)]
        opd_id = employee.position.unit.opd_id or employee.position.unit_id
        state = window_state(cycle, WindowKind.SKP, employee_id=employee.pk, opd_id=opd_id)
        text = _("Start your SKP %(year)s and write your planned results.") % {"year": cycle.year}
        return [Task(text, reverse("appraisal:my_skp"), state.closes_on)]
    tasks = []
    for skp in plans:
        url = reverse("appraisal:skp_detail", args=[skp.public_id])
        if skp.status in EDITABLE_STATUSES:
            text = (
                _("Your SKP was returned by your PPK: revise it and submit it again.")
                if skp.status == SkpStatus.RETURNED
                else _("Finish your SKP and submit it to your PPK.")
            )
            state = skp_window(skp)
            tasks.append(Task(text, url, state.closes_on if state.window else None))
        elif skp.status == SkpStatus.SUBMITTED:
            tasks.append(Task(_("Your SKP is waiting for your PPK's approval."), url, waiting=True))
        elif skp.status == SkpStatus.APPROVED:
            tasks += _realisation_tasks(skp)
    return tasks


def _realisation_tasks(skp: Skp) -> list[Task]:
    """A realisation to record for each period whose window is open for the owner today, or
    else when the next window opens."""
    tasks = []
    for period in periods_due(skp):
        params = {"period": period.label}
        if period.is_open:
            text = _("Record and submit your realisation for %(period)s.") % params
            tasks.append(Task(text, period.url, period.closes_on))
        else:
            params["date"] = formats.date_format(period.opens_on, "j F Y")
            text = _("The realisation for %(period)s can be submitted from %(date)s.") % params
            tasks.append(Task(text, period.url, waiting=True))
    return tasks


def _decisions(cycle, team: list[int]) -> list[Task]:
    """The submitted SKPs of the people the user appraises today (roles.subordinate_ids, shared
    with the home page's team card): who may decide follows today's reporting line
    (policies.is_current_ppk), not the PPK recorded at submission."""
    if not team:
        return []
    waiting = Skp.objects.filter(
        cycle=cycle, status=SkpStatus.SUBMITTED, employee_id__in=team
    ).count()
    if not waiting:
        return []
    text = ngettext(
        "%(count)s SKP of your team awaits your approval.",
        "%(count)s SKPs of your team await your approval.",
        waiting,
    ) % {"count": waiting}
    return [Task(text, reverse("appraisal:team"))]


def diagnostics_figure(request, roles) -> Figures[HomeFigure] | None:
    """For an administrator: how many employees of their scope cannot move their SKP on today
    (monitoring.diagnostics), with the page that lists them and why. Counted once a day
    (diagnostics.day_count), again on "count now"; the figure says when."""
    if not roles.is_admin:
        return None
    opd_ids = list(scoped_opds(roles).values_list("pk", flat=True))
    counted_at, count = day_count(
        opd_ids, open_cycle(), timezone.localdate(), refresh=wants_refresh(request)
    )
    figure = HomeFigure(
        count=count,
        label=_("employees whose SKP cannot proceed"),
        explanation=_(
            "A missing or wrong appraiser, an expired Plt/Plh or override, a loop in the position "
            "tree, a PPK without an approved SKP, a broken RHK link."
        ),
        url=reverse("appraisal:line_diagnostics"),
        counted_at=timezone.localtime(counted_at),
    )
    # Not a figure of the minute: the card's "counts as of" line is not about this one.
    return Figures(figure)


def progress_card(request, roles) -> str:
    """The employee's progress on the home page: what needs attention, the next deadline and
    the last feedback (realisation.progress); nothing before a plan is approved."""
    skp = current_plan(roles.employee)
    if skp is None:
        return ""
    progress = plan_progress(skp)
    if not progress.rows:
        return ""
    return render_to_string("appraisal/progress/_card.html", {"progress": progress}, request)
