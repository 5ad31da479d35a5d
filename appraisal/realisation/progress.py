"""An employee's progress, explained (issue 29): for each IKI of their approved plan, the value
realised so far against the target, the pace that reaches it (appraisal/pace.py), what is
behind, in plain sentences, with the realisation of each period for a small chart; beside them
the next deadline and the last feedback received (from the parts above, through
appraisal.extensions.progress_feedback).

Read from a fixed number of queries per plan: its RHK with their IKI, its realisations with
their values, the cycle's windows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from appraisal import extensions
from appraisal.choices import SkpStatus
from appraisal.cycles.selectors import open_cycle
from appraisal.pace import Pace, PaceState, accumulates, iki_pace
from appraisal.plans.models import Iki, Rhk, Skp
from appraisal.realisation.models import IkiRealisation
from appraisal.realisation.selectors import PeriodDue, periods_due, plan_periods
from appraisal.rules import Direction

CHART_WIDTH, CHART_HEIGHT = 120, 32
HOME_ROWS = 3


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    x: int
    y: float
    width: int
    height: float


@dataclass(frozen=True)
class Chart:
    """A small bar chart of the realisation of each period so far, with the target's line
    (for a count, the share of the target due by each period's end)."""

    bars: list[Bar]
    target_y: float | None
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT


@dataclass
class IkiProgress:
    rhk: Rhk
    iki: Iki
    pace: Pace
    realised: Decimal | None
    sentence: str
    chart: Chart | None


@dataclass(frozen=True)
class FeedbackNote:
    """The last feedback an employee received (feedback registers where it comes from)."""

    text: str
    author: str
    at: dt.datetime
    url: str


@dataclass
class PlanProgress:
    skp: Skp
    rows: list[IkiProgress] = field(default_factory=list)
    next_due: PeriodDue | None = None
    last_feedback: FeedbackNote | None = None

    @property
    def attention(self) -> list[IkiProgress]:
        return [row for row in self.rows if row.pace.needs_attention]

    @property
    def sorted_rows(self) -> list[IkiProgress]:
        """Those that need attention first, each group in the plan's order."""
        return sorted(self.rows, key=lambda row: not row.pace.needs_attention)

    @property
    def first_attention(self) -> list[IkiProgress]:
        """The home card's few lines: what needs attention, else nothing."""
        return self.attention[:HOME_ROWS]


def current_plan(employee, today: dt.date | None = None) -> Skp | None:
    """The employee's approved plan of the open cycle that covers today (else the latest one)."""
    cycle = open_cycle()
    if cycle is None or employee is None:
        return None
    return next(iter(current_team_plans([employee.pk], cycle, today)), None)


def plan_progress(skp: Skp, today: dt.date | None = None) -> PlanProgress:
    """One plan's progress with its next deadline and the last feedback (its owner's pages)."""
    today = today or timezone.localdate()
    progress = PlanProgress(skp, _rows_of([skp], today)[skp.pk])
    progress.next_due = next(iter(periods_due(skp, today)), None)
    for source in extensions.progress_feedback:
        note = source(skp)
        if note and (progress.last_feedback is None or note.at > progress.last_feedback.at):
            progress.last_feedback = note
    return progress


def team_progress(skps: list[Skp], today: dt.date | None = None) -> list[PlanProgress]:
    """Several plans' progress from three queries whatever their number (the PPK's team page),
    those with the most indicators needing attention first, then by name."""
    today = today or timezone.localdate()
    rows = _rows_of(skps, today)
    found = [PlanProgress(skp, rows[skp.pk]) for skp in skps]
    return sorted(found, key=lambda p: (-len(p.attention), p.skp.employee.name, p.skp.pk))


def current_team_plans(employee_ids, cycle, today: dt.date | None = None) -> list[Skp]:
    """Each employee's approved plan of `cycle` that covers today, else their latest, with the
    employee and post; the cycle object (its windows loaded) shared."""
    today = today or timezone.localdate()
    chosen: dict[int, Skp] = {}
    plans = (
        Skp.objects.filter(employee_id__in=employee_ids, cycle=cycle, status=SkpStatus.APPROVED)
        .select_related("employee", "position__unit")
        .order_by("employee_id", "-start_date", "-version")
    )
    for skp in plans:
        skp.cycle = cycle
        held = chosen.get(skp.employee_id)
        covers = skp.start_date <= today <= skp.end_date
        if held is None or (covers and not held.start_date <= today <= held.end_date):
            chosen[skp.employee_id] = skp
    return list(chosen.values())


def _rows_of(skps: list[Skp], today: dt.date) -> dict[int, list[IkiProgress]]:
    values: dict[int, dict[int, IkiRealisation]] = {}
    for value in IkiRealisation.objects.filter(realisation__skp__in=skps).select_related(
        "realisation"
    ):
        values.setdefault(value.iki_id, {})[value.realisation.period] = value
    rhks = (
        Rhk.objects.filter(skp__in=skps)
        .order_by("skp_id", "section", "order", "pk")
        .prefetch_related(Prefetch("ikis", queryset=Iki.objects.order_by("order", "pk")))
    )
    by_skp = {skp.pk: skp for skp in skps}
    found: dict[int, list[IkiProgress]] = {skp.pk: [] for skp in skps}
    for rhk in rhks:
        skp = by_skp[rhk.skp_id]
        periods = plan_periods(skp)
        for iki in rhk.ikis.all():
            found[skp.pk].append(_row(skp, rhk, iki, periods, values.get(iki.pk, {}), today))
    return found


def _row(skp, rhk, iki, periods, by_period, today) -> IkiProgress:
    recorded = [(p, by_period[p.number].value) for p in periods if p.number in by_period]
    recorded = [(p, v) for p, v in recorded if v is not None]
    direction = Direction(iki.target_direction)
    counts = accumulates(direction, iki.target_unit)
    if counts:  # the periods add up: the chart climbs to the target
        running, total = [], Decimal(0)
        for period, value in recorded:
            total += value
            running.append((period, total))
        recorded = running
    latest_period, realised = recorded[-1] if recorded else (None, None)
    # Due by now: the periods that have ended, and any recorded early.
    due = [p for p in periods if p.end < today]
    if latest_period and (not due or latest_period.end > due[-1].end):
        due.append(latest_period)
    due_period = due[-1] if due else None
    pace = iki_pace(
        direction,
        iki.target_value,
        iki.target_unit,
        realised,
        start=skp.start_date,
        end=skp.end_date,
        due_by=min(due_period.end, skp.end_date) if due_period else None,
        today=today,
        upper=iki.target_upper,
    )
    label = latest_period.label if latest_period else ""
    return IkiProgress(
        rhk=rhk,
        iki=iki,
        pace=pace,
        realised=realised,
        sentence=sentence(iki, pace, realised, label, due_period.label if due_period else "", skp),
        chart=_chart(iki, recorded, counts) if recorded else None,
    )


def number(value: Decimal | None) -> str:
    """A figure as Indonesian writes it (4,7; 1.200), without trailing zeros."""
    if value is None:
        return ""
    normal = value.normalize()
    places = max(0, -normal.as_tuple().exponent)
    return formats.number_format(normal, decimal_pos=places, use_l10n=True, force_grouping=True)


def sentence(iki: Iki, pace: Pace, realised, period: str, due_period: str, skp: Skp) -> str:
    """What the row says, in the employee's language. `period`: the latest recorded; `due_period`:
    the last that should be recorded by now."""
    unit = f" {iki.target_unit}" if iki.target_unit else ""
    params = {
        "realised": f"{number(realised)}{unit}",
        "target": iki.target_display,
        "period": period,
        "due_period": due_period,
        "end": formats.date_format(skp.end_date, "j F Y"),
        "expected": f"{number(pace.expected)}{unit}",
        "behind": f"{number(pace.behind)}{unit}",
        "per_month": f"{number(pace.per_month)}{unit}",
        "missing": f"{number((iki.target_value or 0) - (realised or 0))}{unit}",
    }
    if pace.state is PaceState.NARRATIVE:
        return _("A narrative target: your PPK judges what you report against it.")
    if pace.state is PaceState.NOT_YET:
        if pace.overdue:
            return (
                _("Nothing recorded yet, though %(due_period)s is due. The target is %(target)s.")
                % params
            )
        return _("No realisation recorded yet. The target is %(target)s by %(end)s.") % params
    if pace.state is PaceState.MET:
        if pace.accumulates:
            return _("Target reached: %(realised)s by %(period)s, of %(target)s.") % params
        return _("%(realised)s in %(period)s keeps to the target of %(target)s.") % params
    if pace.state is PaceState.OFF_LEVEL:
        if pace.accumulates:  # an exact count overshot
            return _("%(realised)s by %(period)s: %(behind)s over the target of %(target)s.") % (
                params
            )
        return (
            _("%(realised)s in %(period)s misses the target of %(target)s by %(behind)s.") % params
        )
    done = _("%(realised)s of %(target)s recorded up to %(period)s.") % params
    if not due_period:
        pace_text = ""
    elif pace.state is PaceState.ON_TRACK:
        pace_text = _("On track: %(expected)s were due by the end of %(due_period)s.") % params
    else:
        pace_text = (
            _("Behind by %(behind)s: %(expected)s were due by the end of %(due_period)s.") % params
        )
    if pace.per_month is None:
        ending = _("The plan has ended %(missing)s short.") % params
    else:
        ending = _("To reach the target by %(end)s, about %(per_month)s a month.") % params
    return " ".join(part for part in (done, pace_text, ending) if part)


def _chart(iki: Iki, recorded, counts: bool) -> Chart:
    """Bars per period with the whole target's line: a count's bars (its running total) climb
    from zero to it; a level's start a little below the lowest of its values and target, so that
    84.7 against 85 shows."""
    target = iki.target_value or Decimal(0)
    shown = [target, *(v for _p, v in recorded)] + ([iki.target_upper] if iki.target_upper else [])
    top = max(shown) or Decimal(1)
    bottom = Decimal(0) if counts else max(Decimal(0), min(shown) - (top - min(shown) or top) * 3)
    span = (top - bottom) or Decimal(1)
    slot = CHART_WIDTH // max(4, len(recorded))

    def y(value: Decimal) -> float:
        return CHART_HEIGHT - float((min(value, top) - bottom) / span) * (CHART_HEIGHT - 2)

    bars = [
        Bar(
            label=period.label,
            value=value,
            x=index * slot + 2,
            y=y(max(value, bottom)),
            width=max(4, slot - 4),
            height=CHART_HEIGHT - y(max(value, bottom)),
        )
        for index, (period, value) in enumerate(recorded)
    ]
    return Chart(bars=bars, target_y=y(target) if iki.target_value is not None else None)
