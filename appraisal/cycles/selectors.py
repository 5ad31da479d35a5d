"""Reads about cycles: the cycle employees plan in now, and the cycle a page shows (?year=).

In a practice cycle (core.practice, set by appraisal.cycles.practice's middleware) both are the
practice cycle; elsewhere a practice cycle is never shown, and what must never count practice work
(reports, exports, rankings, reminders, TPP, SIASN) reads `real_cycles()` whatever the request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from appraisal.choices import CycleStatus
from appraisal.cycles.models import Cycle, PeriodClosure
from core.practice import active_cycle

# The cycles a page may show: open ones and closed ones (read-only). A cycle being prepared is
# the admin BKD's alone (their monitoring pages add it).
SHOWN = (CycleStatus.OPEN, CycleStatus.CLOSED)


def real_cycles():
    """Every cycle but a practice one: what reports, exports, reminders, TPP and SIASN read."""
    return Cycle.objects.filter(practice=False)


def in_view(prefix: str = "cycle") -> Q:
    """Rows of the cycles this request sees, for a query across years (``prefix`` leads from
    the queried model to its cycle): the practice cycle's alone inside one, else the real ones'."""
    practice = active_cycle()
    if practice is not None:
        return Q(**{prefix: practice.pk})
    return Q(**{f"{prefix}__practice": False})


def cycle_of_year(year: int) -> Cycle:
    """The cycle of `year` that this request sees (the practice cycle inside one), else 404: the
    admin pages addressed by year (the cycle, calibration, closing)."""
    practice = active_cycle()
    if practice is not None:
        if practice.year != year:
            raise Http404
        return practice
    return get_object_or_404(real_cycles(), year=year)


def open_cycle() -> Cycle | None:
    """The cycle employees plan in now: this year's when it is open, else the latest open one.

    Two cycles are open at once each January (last year's annual evaluation, this year's plans).
    Inside a practice cycle, that one while it is open.
    """
    practice = active_cycle()
    if practice is not None:
        return practice if practice.status == CycleStatus.OPEN else None
    return real_open_cycle()


def real_open_cycle() -> Cycle | None:
    """open_cycle() among the real cycles, whatever the request works in."""
    cycles = list(real_cycles().filter(status=CycleStatus.OPEN).prefetch_related("windows"))
    return _this_years_or_latest(cycles)


def _this_years_or_latest(cycles: list[Cycle]) -> Cycle | None:
    this_year = timezone.localdate().year
    return next((c for c in cycles if c.year == this_year), cycles[0] if cycles else None)


@dataclass(frozen=True)
class CycleChoice:
    """The cycle a page shows, the years it may show instead (newest first) and, for a closed
    cycle, the day it was closed: its page is read-only and says so."""

    cycle: Cycle | None
    years: list[int]
    closed_on: dt.date | None = None

    @property
    def read_only(self) -> bool:
        return self.cycle is not None and self.cycle.status == CycleStatus.CLOSED


def cycle_chosen(year: str | None, *, drafts: bool = False) -> CycleChoice:
    """The one way a page picks its cycle: the year asked for (``?year=``), open or closed, else
    the open cycle (this year's first), else the latest closed one, so that a closed year stays
    readable and never reads "no cycle was opened". A year with no cycle to show is 404.

    ``drafts`` lets the admin BKD's pages show a cycle still being prepared. Two queries (the
    cycles with their windows), a third for a closed cycle's closing day. Inside a practice
    cycle, that one (the middleware loaded it)."""
    practice = active_cycle()
    if practice is not None:  # a workshop sees its cycle alone, whatever year is asked for
        closed = practice.status == CycleStatus.CLOSED
        return CycleChoice(practice, [practice.year], closed_on_day(practice) if closed else None)
    statuses = (*SHOWN, CycleStatus.DRAFT) if drafts else SHOWN
    cycles = list(
        real_cycles().filter(status__in=statuses).order_by("-year").prefetch_related("windows")
    )
    year = (year or "").strip()
    if year.isdecimal():  # not isdigit: int() refuses "²"
        cycle = next((c for c in cycles if c.year == int(year)), None)
        if cycle is None:
            raise Http404
    else:
        cycle = _this_years_or_latest([c for c in cycles if c.status == CycleStatus.OPEN])
        if cycle is None:
            cycle = next((c for c in cycles if c.status == CycleStatus.CLOSED), None)
    closed_on = closed_on_day(cycle) if cycle and cycle.status == CycleStatus.CLOSED else None
    return CycleChoice(cycle, [c.year for c in cycles], closed_on)


def closed_on_day(cycle: Cycle) -> dt.date | None:
    """The day a closed cycle was closed: the latest of its closures in force (closing the cycle
    closes every period still open, the annual evaluation last)."""
    moment = PeriodClosure.objects.filter(cycle=cycle, reopened_at__isnull=True).aggregate(
        last=Max("closed_at")
    )["last"]
    return timezone.localdate(moment) if moment else None
