"""Which OPD an employee's month belongs to, for the attendance recap as for the payroll.

The rule (stated once, used by tpp.months.inputs too): an employee's month belongs to the OPD of
the last definitive post they held in it; on a tie, the post held longer. That OPD pays the
whole month, so its recap is that OPD's to import and is locked with that OPD's month. Someone
who held no definitive post in the month (placed only after it, never placed) belongs to the OPD
of their current post, or to none.

The current post alone would be wrong after a mutasi: an employee moved on the 10th of April
still has their March recap imported, paid and locked by the OPD they left.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from django.db.models import Q

from accounts.choices import AssignmentKind
from accounts.org.models import Assignment, Employee

LOOKUP_CHUNK = 2000  # ids per IN list (SQLite takes at most 32,766 parameters)


def paying_opd(posts: Iterable[tuple[dt.date, dt.date, int]]) -> int | None:
    """The OPD of the definitive post held last in the month among (first day, last day, OPD)
    of each; on a tie, the one held longer (the earlier first day). None without a post."""
    chosen = None
    for first, last, opd in posts:
        if chosen is None or (last, -first.toordinal()) > (chosen[1], -chosen[0].toordinal()):
            chosen = (first, last, opd)
    return chosen[2] if chosen else None


def _span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _definitive_in(first: dt.date, last: dt.date):
    return Assignment.objects.filter(
        Q(start_date__lte=last) & (Q(end_date__isnull=True) | Q(end_date__gte=first)),
        kind=AssignmentKind.DEFINITIF,
    )


def month_opds(year: int, month: int, employee_ids: Iterable[int]) -> dict[int, int | None]:
    """Each employee's OPD for the month (see the module's rule), in a few queries per
    LOOKUP_CHUNK employees."""
    first, last = _span(year, month)
    ids = sorted(set(employee_ids))
    posts: dict[int, list[tuple[dt.date, dt.date, int]]] = {}
    current: dict[int, int | None] = {}
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start : start + LOOKUP_CHUNK]
        rows = _definitive_in(first, last).filter(employee_id__in=chunk)
        # An OPD's own unit has no OPD above it: it is its own.
        for employee_id, begin, end, opd, unit in rows.values_list(
            "employee_id", "start_date", "end_date", "position__unit__opd_id", "position__unit_id"
        ):
            posts.setdefault(employee_id, []).append(
                (max(begin, first), min(end or last, last), opd or unit)
            )
        current.update(
            {
                pk: opd or unit
                for pk, opd, unit in Employee.objects.filter(pk__in=chunk).values_list(
                    "pk", "position__unit__opd_id", "position__unit_id"
                )
            }
        )
    return {
        employee_id: paying_opd(posts[employee_id])
        if employee_id in posts
        else current.get(employee_id)
        for employee_id in ids
    }


def employees_of(year: int, month: int, opd_id: int) -> set[int]:
    """The employees whose month belongs to the OPD: those who held a definitive post in it
    during the month and held none elsewhere later that month, and those placed there now who
    held no definitive post in the month."""
    first, last = _span(year, month)
    in_opd = Q(position__unit__opd_id=opd_id) | Q(position__unit_id=opd_id)
    candidates = set(
        _definitive_in(first, last).filter(in_opd).values_list("employee_id", flat=True)
    )
    candidates.update(Employee.objects.filter(in_opd).values_list("pk", flat=True))
    return {pk for pk, opd in month_opds(year, month, candidates).items() if opd == opd_id}
