"""Before closing: the employees' rights still running (issue 20, point 2; domain §7).

Apart from the gaps (completeness.py), closing lists what the employee is still entitled to:
objections filed and not yet decided, and objection windows still running (a final result whose
last day to object has not passed: received when confirmed, or deemed received
settings.RESULT_DEEMED_RECEIVED_DAYS after finalisation, then Cycle.objection_days, inclusive).
Closing refuses while either exists, unless the admin BKD closes with a written reason.

Two queries per list whatever the size (a count and the first NAMES_SHOWN rows): right after
a period's results are final, a whole province's windows run at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from appraisal import rules
from appraisal.choices import EvaluationStatus, ObjectionStatus
from appraisal.cycles.models import Cycle
from appraisal.cycles.windows import period_name
from appraisal.evaluation.models import Evaluation
from appraisal.objections.models import Objection

# How many names each list shows and a closure keeps (the counts are complete).
NAMES_SHOWN = 50


@dataclass(frozen=True)
class RightHolder:
    """One employee whose right is still running: who, which result, and until when."""

    nip: str
    name: str
    opd: str
    period: str
    # The last day to object (windows), or the day the objection was filed (objections).
    day: dt.date


@dataclass
class PendingRights:
    objections: list[RightHolder] = field(default_factory=list)
    objection_count: int = 0
    windows: list[RightHolder] = field(default_factory=list)
    window_count: int = 0

    @property
    def total(self) -> int:
        return self.objection_count + self.window_count

    def summary(self) -> dict:
        """The record kept with a closure: the counts and the first NIPs of each list."""
        return {
            "objections": self.objection_count,
            "windows": self.window_count,
            "objection_nips": [p.nip for p in self.objections],
            "window_nips": [p.nip for p in self.windows],
        }


def _start_of(day: dt.date) -> dt.datetime:
    """The first moment of a local day, to compare stored moments with local dates."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def running_windows(cycle: Cycle, periods: list[int], today: dt.date):
    """Final evaluations of these periods without an objection whose last day to object is today
    or later. The last day is min(confirmed, finalised + deemed days) + objection days, so it is
    not past when finalised on or after today − objection − deemed days and, if confirmed, when
    confirmed on or after today − objection days (min(a, b) ≥ x ⇔ a ≥ x and b ≥ x)."""
    days = cycle.objection_days
    deemed = settings.RESULT_DEEMED_RECEIVED_DAYS
    return Evaluation.objects.filter(
        Q(acknowledged_at__isnull=True)
        | Q(acknowledged_at__gte=_start_of(today - dt.timedelta(days=days))),
        skp__cycle=cycle,
        period__in=periods,
        status=EvaluationStatus.FINALISED,
        objection__isnull=True,
        finalised_at__gte=_start_of(today - dt.timedelta(days=days + deemed)),
    )


def _window_holder(cycle: Cycle, row) -> RightHolder:
    received = rules.result_received_on(
        timezone.localdate(row.finalised_at),
        timezone.localdate(row.acknowledged_at) if row.acknowledged_at else None,
        settings.RESULT_DEEMED_RECEIVED_DAYS,
    )
    return RightHolder(
        row.skp__employee__nip,
        row.skp__employee__name,
        row.skp__position__unit__opd__name or row.skp__position__unit__name,
        period_name(cycle, row.period),
        rules.objection_last_day(received, cycle.objection_days),
    )


def pending_rights(cycle: Cycle, periods: list[int], today: dt.date | None = None) -> PendingRights:
    """Undecided objections and running objection windows of these periods (0 = the year), each
    counted in full and listed by name up to NAMES_SHOWN. Four queries."""
    today = today or timezone.localdate()
    open_objections = Objection.objects.filter(
        status=ObjectionStatus.OPEN, evaluation__skp__cycle=cycle, evaluation__period__in=periods
    )
    objections = [
        RightHolder(
            row.evaluation__skp__employee__nip,
            row.evaluation__skp__employee__name,
            row.evaluation__skp__position__unit__opd__name
            or row.evaluation__skp__position__unit__name,
            period_name(cycle, row.evaluation__period),
            timezone.localdate(row.filed_at),
        )
        for row in open_objections.order_by("filed_at", "pk").values_list(
            "evaluation__skp__employee__nip",
            "evaluation__skp__employee__name",
            "evaluation__skp__position__unit__opd__name",
            "evaluation__skp__position__unit__name",
            "evaluation__period",
            "filed_at",
            named=True,
        )[:NAMES_SHOWN]
    ]
    windows = running_windows(cycle, periods, today)
    rows = windows.order_by("finalised_at", "pk").values_list(
        "skp__employee__nip",
        "skp__employee__name",
        "skp__position__unit__opd__name",
        "skp__position__unit__name",
        "period",
        "finalised_at",
        "acknowledged_at",
        named=True,
    )[:NAMES_SHOWN]
    return PendingRights(
        objections=objections,
        objection_count=open_objections.count(),
        windows=[_window_holder(cycle, row) for row in rows],
        window_count=windows.count(),
    )
