"""Where an IKI stands against its target part of the way through a plan, and the pace that
reaches it (issue 29, "my progress, explained"). Pure: no Django, no database.

A realisation is recorded per period, as what that period achieved. Two kinds of target read
differently:

* a count that accumulates ("≥ 52 laporan", "= 4 dokumen"): the periods add up; by the end of
  the last period due the plan expects its share of the target, pro rata of the plan's days
  (a period due but not recorded adds nothing); what is missing from that share is behind, and
  what is left, spread over the months from today to the plan's end, is the pace needed;
* a level that holds at every moment: a percentage, a rate or an index ("≥ 95 %", "per 1.000
  kelahiran hidup"), a duration ("28 hari kerja"), a ceiling ("≤ 2 hari"), an exact value or a
  range. The latest period's realisation keeps to it or does not; there is nothing to spread.

A narrative target (no number) has no pace: the PPK judges it.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from appraisal.rules import Direction, achievement_percent, target_met

# Units of a level, not of a count (compared in lower case); so is any unit "per …".
LEVEL_UNITS = frozenset(
    {
        "%",
        "persen",
        "indeks",
        "nilai",
        "skor",
        "poin",
        "rasio",
        "hari",
        "hari kerja",
        "jam",
        "menit",
    }
)
_QUANTUM = Decimal("0.1")


class PaceState(enum.Enum):
    NARRATIVE = "narrative"  # no number to compare: the PPK judges
    NOT_YET = "not_yet"  # no realisation recorded yet (needs attention once a period is due)
    MET = "met"  # the whole target is reached (a count) or kept (a level)
    ON_TRACK = "on_track"  # a count at or ahead of its share so far
    BEHIND = "behind"  # a count short of its share so far
    OFF_LEVEL = "off_level"  # a level not kept


@dataclass(frozen=True)
class Pace:
    state: PaceState
    accumulates: bool
    percent: Decimal | None = None  # the capaian against the whole target (rules)
    expected: Decimal | None = None  # a count: the share of the target due by `as_of`
    behind: Decimal | None = None  # a count: short of that share; a level: off its bound
    per_month: Decimal | None = None  # a count: needed each month left to reach the target
    months_left: int = 0
    overdue: bool = False  # NOT_YET while a period of the plan is already due

    @property
    def needs_attention(self) -> bool:
        return self.state in (PaceState.BEHIND, PaceState.OFF_LEVEL) or self.overdue


def accumulates(direction: Direction, unit: str) -> bool:
    """Whether the target is a count that builds up over the plan (see the module's note)."""
    unit = unit.strip().lower()
    level = unit in LEVEL_UNITS or unit.startswith("per ") or "/" in unit
    return direction in (Direction.AT_LEAST, Direction.EXACTLY) and not level


def share_of_plan(start: dt.date, end: dt.date, as_of: dt.date) -> Decimal:
    """The part of the plan's days (both ends counted) gone by the end of `as_of`, 0 to 1."""
    days = (end - start).days + 1
    gone = (min(max(as_of, start - dt.timedelta(days=1)), end) - start).days + 1
    return Decimal(max(0, gone)) / Decimal(days)


def months_left(as_of: dt.date, end: dt.date) -> int:
    """Calendar months after `as_of` until the plan's end, the rest of `as_of`'s own month
    counting as one unless `as_of` is its last day (0 when the plan is over)."""
    if as_of >= end:
        return 0
    whole = (end.year - as_of.year) * 12 + end.month - as_of.month
    last_day = (as_of + dt.timedelta(days=1)).month != as_of.month
    return max(1, whole + (0 if last_day else 1))


def _round(value: Decimal) -> Decimal:
    return value.quantize(_QUANTUM, rounding=ROUND_HALF_UP)


def iki_pace(
    direction: Direction,
    target: Decimal | None,
    unit: str,
    realised: Decimal | None,
    *,
    start: dt.date,
    end: dt.date,
    due_by: dt.date | None,
    today: dt.date,
    upper: Decimal | None = None,
) -> Pace:
    """Where an IKI stands today. `realised`: for a count, the sum of the periods recorded; for a
    level, the latest period's. `due_by`: the end of the last period that should be recorded by
    now (None while none is)."""
    counts = accumulates(direction, unit)
    left = months_left(today, end)
    if target is None:
        return Pace(PaceState.NARRATIVE, counts)
    if realised is None:
        return Pace(PaceState.NOT_YET, counts, months_left=left, overdue=due_by is not None)
    percent = achievement_percent(direction, target, realised, upper)
    if not counts:
        if target_met(percent):
            return Pace(PaceState.MET, False, percent)
        behind = _off_level(direction, target, realised, upper)
        return Pace(PaceState.OFF_LEVEL, False, percent, behind=behind)
    if direction is Direction.EXACTLY and realised > target:
        return Pace(PaceState.OFF_LEVEL, True, percent, behind=_round(realised - target))
    if realised >= target:
        return Pace(PaceState.MET, True, percent, expected=target, months_left=left)
    expected = _round(target * share_of_plan(start, end, due_by)) if due_by else Decimal(0)
    per_month = _round((target - realised) / left) if left else None
    if realised >= expected:
        return Pace(PaceState.ON_TRACK, True, percent, expected, None, per_month, left)
    behind = _round(expected - realised)
    return Pace(PaceState.BEHIND, True, percent, expected, behind, per_month, left)


def _off_level(direction: Direction, target: Decimal, realised: Decimal, upper) -> Decimal:
    """How far a level is from the bound it should keep (always positive)."""
    if direction is Direction.RANGE and upper is not None and realised > upper:
        return _round(realised - upper)
    return _round(abs(realised - target))
