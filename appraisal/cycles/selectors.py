"""Reads about cycles: the cycle employees plan in now, and the cycle a page shows (?year=)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max
from django.http import Http404
from django.utils import timezone

from appraisal.choices import CycleStatus
from appraisal.cycles.models import Cycle, PeriodClosure

# The cycles a page may show: open ones and closed ones (read-only). A cycle being prepared is
# the admin BKD's alone (their monitoring pages add it).
SHOWN = (CycleStatus.OPEN, CycleStatus.CLOSED)


def open_cycle() -> Cycle | None:
    """The cycle employees plan in now: this year's when it is open, else the latest open one.

    Two cycles are open at once each January (last year's annual evaluation, this year's plans).
    """
    cycles = list(Cycle.objects.filter(status=CycleStatus.OPEN).prefetch_related("windows"))
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
    cycles with their windows), a third for a closed cycle's closing day."""
    statuses = (*SHOWN, CycleStatus.DRAFT) if drafts else SHOWN
    cycles = list(
        Cycle.objects.filter(status__in=statuses).order_by("-year").prefetch_related("windows")
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
