"""Everything a month's computation reads, for many employees at once, in a fixed number of
queries: the posts each held during the month (definitive and acting), their bases, the
predicate in force, the recap, the penalties and exemptions.

Two rules of ours, stated here once:
- **Who pays**: an employee's month belongs to the OPD of the last definitive post they held in
  it (tpp.attendance.scope, which the recap import follows too), and that OPD pays the whole
  month (each post's days at its own basis). A mutasi between OPDs mid-month thus never splits
  one attendance recap over two payrolls.
- **The predicate in force** for a month is the latest finalised one for a period that ended
  before the month began (the annual one counts as ending on 31 December): TPP pays for the
  result the employee already had, and a predicate set later never reopens a paid month.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from accounts.choices import AssignmentKind
from accounts.org.models import Assignment
from appraisal.choices import ANNUAL, EvaluationStatus
from appraisal.cycles.calendar import periods
from appraisal.evaluation.models import Evaluation
from appraisal.rules import Predicate
from tpp import rules
from tpp.attendance import scope
from tpp.attendance.models import Exemption, Penalty, Recap
from tpp.choices import BasisKind
from tpp.months.models import Line
from tpp.schemes.models import Basis, PostClass, SchemeVersion

LOOKUP_CHUNK = 5000  # ids per IN list (SQLite takes at most 32,766 parameters)


@dataclass(frozen=True)
class MonthSpan:
    year: int
    month: int

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    @property
    def last(self) -> dt.date:
        return dt.date(self.year, self.month, self.days)


@dataclass
class PostDays:
    """Days of the month in one post, as the explanation lists them."""

    position_id: int
    position_name: str
    unit_name: str
    opd_id: int
    first: dt.date
    last: dt.date
    acting: bool

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass
class EmployeeInputs:
    employee_id: int
    posts: list[PostDays] = field(default_factory=list)
    predicate: Predicate | None = None
    predicate_source: str = ""
    recap: Recap | None = None
    penalties: list[Penalty] = field(default_factory=list)
    exemption: Exemption | None = None

    @property
    def definitive(self) -> list[PostDays]:
        return [p for p in self.posts if not p.acting]

    @property
    def paying_opd_id(self) -> int | None:
        return scope.paying_opd((p.first, p.last, p.opd_id) for p in self.definitive)


class BasisTable:
    """A version's bases, resolved per post: a named post, then its jenjang, then its class."""

    def __init__(self, version: SchemeVersion, position_ids: set[int]):
        self.by_post, self.by_jenjang, self.by_class = {}, {}, {}
        for row in Basis.objects.filter(version=version):
            if row.kind == BasisKind.POST:
                self.by_post[row.position_id] = row.amount
            elif row.kind == BasisKind.JENJANG:
                self.by_jenjang[(row.position_kind, row.jenjang)] = row.amount
            else:
                self.by_class[row.kelas] = row.amount
        self.kelas = dict(
            PostClass.objects.filter(position_id__in=position_ids).values_list(
                "position_id", "kelas"
            )
        )

    def amount(self, position_id: int, kind: str, jenjang: str) -> int | None:
        if position_id in self.by_post:
            return self.by_post[position_id]
        if jenjang and (kind, jenjang) in self.by_jenjang:
            return self.by_jenjang[(kind, jenjang)]
        return self.by_class.get(self.kelas.get(position_id))


def gather(span: MonthSpan, opd_id: int | None) -> dict[int, EmployeeInputs]:
    """The inputs of every employee whose month the OPD pays (all OPDs when opd_id is None)."""
    people = _posts(span, opd_id)
    if opd_id is not None:
        for employee_id in _paid_elsewhere(span, opd_id, list(people)):
            del people[employee_id]
    ids = list(people)
    _predicates(span, people, ids)
    recaps = Recap.objects.filter(employee_id__in=ids, year=span.year, month=span.month)
    for recap in recaps.select_related("imported"):
        people[recap.employee_id].recap = recap
    for penalty in Penalty.objects.filter(employee_id__in=ids, first_month__lte=span.first):
        if _add_months(penalty.first_month, penalty.months) > span.first:
            people[penalty.employee_id].penalties.append(penalty)
    exemptions = Exemption.objects.filter(
        employee_id__in=ids, first_month__lte=span.first, last_month__gte=span.first
    ).order_by("kind")  # "no_attendance…" before "not_paid": the stronger one wins below
    for exemption in exemptions:
        people[exemption.employee_id].exemption = exemption
    return people


def _paid_elsewhere(span: MonthSpan, opd_id: int, ids: list[int]) -> set[int]:
    """Employees another OPD already has a line for this month (a mutasi recorded after that OPD
    computed it): one month is paid once, by the OPD that holds it."""
    found: set[int] = set()
    for start in range(0, len(ids), LOOKUP_CHUNK):
        lines = Line.objects.filter(
            month__year=span.year,
            month__month=span.month,
            employee_id__in=ids[start : start + LOOKUP_CHUNK],
        ).exclude(month__opd_id=opd_id)
        found.update(lines.values_list("employee_id", flat=True))
    return found


def _posts(span: MonthSpan, opd_id: int | None) -> dict[int, EmployeeInputs]:
    overlapping = Q(start_date__lte=span.last) & (
        Q(end_date__isnull=True) | Q(end_date__gte=span.first)
    )
    assignments = Assignment.objects.filter(overlapping).exclude(kind=AssignmentKind.PLH)
    if opd_id is not None:
        in_opd = Assignment.objects.filter(
            overlapping,
            Q(position__unit__opd_id=opd_id) | Q(position__unit_id=opd_id),
            kind=AssignmentKind.DEFINITIF,
        ).values("employee_id")
        assignments = assignments.filter(employee_id__in=in_opd)
    rows = assignments.values_list(
        "employee_id",
        "kind",
        "start_date",
        "end_date",
        "position_id",
        "position__name",
        "position__unit__name",
        "position__unit__opd_id",
        "position__unit_id",
    )
    people: dict[int, EmployeeInputs] = {}
    # An OPD's own unit has no OPD above it: it is its own.
    for employee_id, kind, start, end, position_id, name, unit, opd, unit_id in rows.iterator(
        chunk_size=5000
    ):
        person = people.setdefault(employee_id, EmployeeInputs(employee_id))
        person.posts.append(
            PostDays(
                position_id,
                name,
                unit,
                opd or unit_id,
                max(start, span.first),
                min(end or span.last, span.last),
                acting=kind != AssignmentKind.DEFINITIF,
            )
        )
    for person in people.values():
        person.posts.sort(key=lambda post: (post.first, post.acting))  # in the month's order
    return {
        employee_id: person
        for employee_id, person in people.items()
        if person.paying_opd_id is not None and (opd_id is None or person.paying_opd_id == opd_id)
    }


def _predicates(span: MonthSpan, people: dict[int, EmployeeInputs], ids: list[int]) -> None:
    finalised = Evaluation.objects.filter(
        skp__employee_id__in=ids,
        status=EvaluationStatus.FINALISED,
        skp__cycle__year__in=(span.year - 1, span.year),
        skp__cycle__practice=False,  # a workshop's results pay nothing
    ).exclude(predicate="")
    ends: dict[tuple[int, str], dict[int, dt.date]] = {}
    best: dict[int, tuple[dt.date, int, str, str]] = defaultdict(lambda: (dt.date.min, -1, "", ""))
    rows = finalised.values_list(
        "skp__employee_id", "skp__cycle__year", "skp__cycle__frequency", "period", "predicate"
    )
    for employee_id, year, frequency, period, predicate in rows.iterator(chunk_size=5000):
        if (year, frequency) not in ends:
            ends[(year, frequency)] = {p.number: (p.end, p.label) for p in periods(year, frequency)}
        if period == ANNUAL:
            end, label, rank = dt.date(year, 12, 31), f"Tahunan {year}", 1
        else:
            end, label = ends[(year, frequency)][period]
            label, rank = f"{label} {year}", 0
        if end < span.first and (end, rank) > best[employee_id][:2]:
            best[employee_id] = (end, rank, predicate, label)
    for employee_id, (_end, _rank, predicate, label) in best.items():
        if predicate:
            people[employee_id].predicate = Predicate[predicate]
            people[employee_id].predicate_source = label


def _add_months(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def attendance_of(recap: Recap | None) -> rules.Attendance:
    if recap is None:
        return rules.Attendance()
    return rules.Attendance(
        late=tuple(recap.late),
        early=tuple(recap.early),
        absent_days=recap.absent_days,
        leave_days=recap.leave_days,
    )


def penalty_percent(penalties: list[Penalty]) -> Decimal:
    return min(Decimal(100), sum((p.percent for p in penalties), Decimal(0)))
