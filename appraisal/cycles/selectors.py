"""Reads about cycles."""

from __future__ import annotations

from django.utils import timezone

from appraisal.choices import CycleStatus
from appraisal.cycles.models import Cycle


def open_cycle() -> Cycle | None:
    """The cycle employees plan in now: this year's when it is open, else the latest open one.

    Two cycles are open at once each January (last year's annual evaluation, this year's plans).
    """
    cycles = list(Cycle.objects.filter(status=CycleStatus.OPEN).prefetch_related("windows"))
    this_year = timezone.localdate().year
    return next((c for c in cycles if c.year == this_year), cycles[0] if cycles else None)
