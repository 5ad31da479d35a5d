"""How far each OPD has taken up the system in a cycle, so a BKD can aim its next workshop: per
OPD, of its active employees, how many have logged in, followed a tour to its end, started and
submitted their SKP, and recorded a realisation; and week by week since the year began.

An employee counts for the OPD of their current post (an OPD's own unit is its own). Logins are
counted as of today: a login leaves no lasting record beyond the user's last one, so the weekly
figures follow what has a date (the SKP started and submitted, the realisation, the tour).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.choices import EmployeeStatus
from accounts.org.models import Employee, OrgUnit
from appraisal.cycles.models import Cycle
from appraisal.plans.models import Skp
from appraisal.realisation.models import Realisation
from guide.models import TourSeen

MEASURES = ("logged_in", "toured", "started", "submitted", "realised")


@dataclass(frozen=True)
class OpdAdoption:
    code: str
    name: str
    employees: int
    logged_in: int
    toured: int
    started: int
    submitted: int
    realised: int

    def percent(self, measure: str) -> int:
        return round(100 * getattr(self, measure) / self.employees) if self.employees else 0


def _people(opd_ids: frozenset[int] | None):
    people = Employee.objects.filter(status=EmployeeStatus.ACTIVE, position__isnull=False)
    people = people.annotate(opd=Coalesce(F("position__unit__opd_id"), F("position__unit_id")))
    return people.filter(opd__in=sorted(opd_ids)) if opd_ids is not None else people


def _flags(cycle: Cycle) -> dict:
    plans = Skp.objects.filter(cycle=cycle, employee=OuterRef("pk"))
    return {
        "logged_in": Q(user__last_login__isnull=False),
        "toured": Q(Exists(TourSeen.objects.filter(user=OuterRef("user"), completed=True))),
        "started": Q(Exists(plans)),
        "submitted": Q(Exists(plans.filter(submitted_at__isnull=False))),
        "realised": Q(
            Exists(Realisation.objects.filter(skp__cycle=cycle, skp__employee=OuterRef("pk")))
        ),
    }


def by_opd(cycle: Cycle, opd_ids: frozenset[int] | None) -> list[OpdAdoption]:
    """One row per OPD in scope (by code), counted in the database in one query."""
    counted = (
        _people(opd_ids)
        .values("opd")
        .annotate(
            employees=Count("pk"),
            **{name: Count("pk", filter=flag) for name, flag in _flags(cycle).items()},
        )
        .order_by()
    )
    rows = {row["opd"]: row for row in counted}
    opds = OrgUnit.objects.filter(pk__in=rows).order_by("code").values_list("pk", "code", "name")
    return [
        OpdAdoption(code=code, name=name, **{k: rows[pk][k] for k in ("employees", *MEASURES)})
        for pk, code, name in opds
    ]


def total(rows: list[OpdAdoption]) -> OpdAdoption:
    return OpdAdoption(
        code="",
        name="",
        employees=sum(r.employees for r in rows),
        **{measure: sum(getattr(r, measure) for r in rows) for measure in MEASURES},
    )


def _week(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly(cycle: Cycle, opd_ids: frozenset[int] | None, today: dt.date | None = None) -> dict:
    """Cumulative counts of employees per week (Mondays) from the cycle's first week to this one:
    {"weeks": [date, …], "toured": [n, …], "started": …, "submitted": …, "realised": …}."""
    today = today or timezone.localdate()
    start = _week(dt.date(cycle.year, 1, 1))
    end = _week(min(today, dt.date(cycle.year, 12, 31)))
    weeks = []
    while start <= end:
        weeks.append(start)
        start += dt.timedelta(days=7)
    people = _people(opd_ids).values("pk")
    firsts = {
        "toured": TourSeen.objects.filter(user__employee__in=people, completed=True).values_list(
            "user_id", "seen_at"
        ),
        "started": Skp.objects.filter(cycle=cycle, employee__in=people).values_list(
            "employee_id", "created_at"
        ),
        "submitted": Skp.objects.filter(
            cycle=cycle, employee__in=people, submitted_at__isnull=False
        ).values_list("employee_id", "submitted_at"),
        # A realisation keeps no creation date of its own: its history's first row has it.
        "realised": Realisation.history.filter(
            history_type="+", skp__cycle=cycle, skp__employee__in=people
        ).values_list("skp__employee_id", "history_date"),
    }
    series = {"weeks": weeks}
    for name, pairs in firsts.items():
        first_week: dict[int, dt.date] = {}
        for who, when in pairs.iterator(chunk_size=5000):
            week = _week(timezone.localtime(when).date())
            if who not in first_week or week < first_week[who]:
                first_week[who] = week
        per_week = Counter(first_week.values())
        running, counts = sum(n for w, n in per_week.items() if weeks and w < weeks[0]), []
        for week in weeks:
            running += per_week.get(week, 0)
            counts.append(running)
        series[name] = counts
    return series
