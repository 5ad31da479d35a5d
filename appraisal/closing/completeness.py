"""Before closing: what is still missing in a period, per OPD and with names (domain §2, §10).

Built from a fixed number of queries whatever the number of people: the OPDs, one grouped count
of employees per OPD, and the employees who have at least one gap (each gap an `IN` over the
cycle's plans in the same query, which PostgreSQL hashes once rather than probing per employee).
Grouping happens in Python over rows already fetched. The page of every OPD at once only counts
(gap_counts: one grouped query); names come per OPD.

Who counts: active employees whose current definitive position lies in the OPD (as on the
monitoring pages). What counts as a gap, for period n (1…) or the year (0):
- SKP not approved: the employee has no approved SKP in the cycle covering the period;
- realisation missing (periods only): no submitted realisation of the period;
- evaluation not finalised: no finalised evaluation of the period (0 = the annual evaluation).
Objections awaiting a decision and objection windows still running are not gaps but the
employee's rights, listed apart (closing.selectors.pending_rights).
Without an approved SKP nothing else can exist, so such an employee is listed once, under the
SKP; the other gaps are listed for employees whose plan is approved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.org.models import OrgUnit, Position, unit_label
from appraisal.choices import (
    ANNUAL,
    EvaluationStatus,
    RealisationStatus,
    SkpStatus,
)
from appraisal.cycles.models import Cycle
from appraisal.evaluation.models import Evaluation
from appraisal.monitoring.selectors import (
    _opd_of_position,
    monitored_employees,
    monitored_employees_everywhere,
    opd_units,
)
from appraisal.plans.models import Skp
from appraisal.realisation.models import Realisation

SKP, REALISATION, EVALUATION = "skp", "realisation", "evaluation"
GAP_KINDS = {
    SKP: _("SKP not approved"),
    REALISATION: _("Realisation not submitted"),
    EVALUATION: _("Evaluation not finalised"),
}


@dataclass(frozen=True)
class Person:
    nip: str
    name: str
    unit: str


@dataclass
class OpdGaps:
    """One OPD's employees and, per gap kind, who has that gap (sorted by name)."""

    opd: OrgUnit
    employees: int = 0
    gaps: dict[str, list[Person]] = field(default_factory=lambda: {k: [] for k in GAP_KINDS})

    # Per gap kind, when only counted (gap_counts): the names lists then stay empty.
    counts: dict[str, int] | None = None
    # The kinds' labels translated once for every row of a report (_opd_rows).
    labels: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def gap_count(self) -> int:
        return sum(self.count(kind) for kind in GAP_KINDS)

    @property
    def kinds(self) -> list[tuple[str, str, list[Person], int]]:
        """(kind, label, people, count) in the order of GAP_KINDS, for templates."""
        labels = self.labels or GAP_KINDS
        return [(kind, labels[kind], self.gaps[kind], self.count(kind)) for kind in GAP_KINDS]

    def count(self, kind: str) -> int:
        return self.counts[kind] if self.counts is not None else len(self.gaps[kind])

    @property
    def names_label(self) -> str:
        # In Python, not a {% blocktranslate %} per row: a province's report has 209 OPD rows.
        return gettext("Names in %(name)s") % {"name": self.opd.name}


def _period_filter(cycle: Cycle, period: int) -> Q:
    """SKP dates overlapping the period (the whole year for the annual evaluation)."""
    if period == ANNUAL:
        return Q()
    found = cycle.period(period)
    return Q(start_date__lte=found.end, end_date__gte=found.start)


def _among(employee_ids) -> ExpressionWrapper:
    """True when the employee is in this (uncorrelated) subquery of employee ids. Not a
    correlated EXISTS: counting a province, PostgreSQL hashes the ids once instead of running
    the subquery 100,000 times (a second per count)."""
    return ExpressionWrapper(Q(pk__in=employee_ids), output_field=BooleanField())


def gap_flags(cycle: Cycle, period: int) -> dict[str, ExpressionWrapper]:
    """The booleans of an employee the gaps are read from: has_skp, has_evaluation and, for a
    period (not the year), has_realisation."""
    approved = Skp.objects.filter(
        _period_filter(cycle, period), cycle=cycle, status=SkpStatus.APPROVED
    ).values("employee_id")
    finalised = Evaluation.objects.filter(
        skp__cycle=cycle, period=period, status=EvaluationStatus.FINALISED
    ).values("skp__employee_id")
    flags = {"has_skp": _among(approved), "has_evaluation": _among(finalised)}
    if period != ANNUAL:
        flags["has_realisation"] = _among(
            Realisation.objects.filter(
                skp__cycle=cycle, period=period, status=RealisationStatus.SUBMITTED
            ).values("skp__employee_id")
        )
    return flags


def annotated_employees(cycle: Cycle, period: int, opd_ids, people=None):
    """Active employees of these OPDs (or `people`, the same read another way) with `opd_key`
    and one boolean per gap kind."""
    people = monitored_employees(opd_ids) if people is None else people
    return people.annotate(opd_key=_opd_of_position(), **gap_flags(cycle, period))


# Up to this many OPDs, completeness() reads their posts first (_people_of_few).
FEW_OPDS = 10


def _people_of_few(opd_ids: list[int]):
    """monitored_employees() of a few OPDs, looked up by their posts' ids read first. With the
    units as a subquery PostgreSQL read all 100,000 employees of a province to find one OPD's
    (the gap conditions' hashed subqueries made a lookup per post look dear): 20 ms against 5."""
    posts = list(Position.objects.filter(unit__in=opd_units(opd_ids)).values_list("pk", flat=True))
    return monitored_employees_everywhere().filter(position_id__in=posts)


def _gap_filter(period: int) -> Q:
    condition = Q(has_skp=False) | Q(has_evaluation=False)
    if period != ANNUAL:
        condition |= Q(has_realisation=False)
    return condition


def every_opd():
    """The OPDs (top-level units) in the report's order."""
    return OrgUnit.objects.filter(parent__isnull=True).order_by("name", "pk")


def _opd_rows(cycle: Cycle, period: int, opd_ids, opds=None) -> dict[int, OpdGaps]:
    """`opds`: every_opd() as the caller has read it already (the page lists them too)."""
    if period != ANNUAL and cycle.period(period) is None:
        raise ValueError(f"period {period} is not in cycle {cycle.year}")
    if opds is None:
        opds = every_opd()
        if opd_ids is not None:
            opds = opds.filter(pk__in=list(opd_ids))
    elif opd_ids is not None:
        wanted = set(opd_ids)
        opds = [opd for opd in opds if opd.pk in wanted]
    labels = {kind: str(label) for kind, label in GAP_KINDS.items()}
    return {opd.pk: OpdGaps(opd, labels=labels) for opd in opds}


def gap_counts(cycle: Cycle, period: int, opd_ids=None, grouped=None, opds=None) -> list[OpdGaps]:
    """As completeness(), with the number of people per gap kind but not their names: two
    queries (the OPDs, one grouped count), fetching no employee row, for the page of every OPD
    (a province's gap list would be 100,000 names). `grouped`: the count already made by
    grouped_gap_counts (then one query); `opds`: every_opd() read already (then none)."""
    rows = _opd_rows(cycle, period, opd_ids, opds)
    if not rows:
        return []
    if grouped is None:
        grouped = grouped_gap_counts(cycle, period, list(rows))
    for row in rows.values():
        row.counts = dict.fromkeys(GAP_KINDS, 0)
    for item in grouped:
        row = rows.get(item["opd_key"])
        if row is not None:
            row.employees = item["employees"]
            row.counts.update((kind, item[kind]) for kind in GAP_KINDS if kind in item)
    return list(rows.values())


def grouped_gap_counts(cycle: Cycle, period: int, opd_ids) -> list[dict]:
    """Per OPD id (`opd_key`): the employees and the number with each gap kind. Plain values,
    so that a page may keep them (core/figures.py)."""
    planned = Q(has_skp=True)
    counts = {
        "employees": Count("pk"),
        SKP: Count("pk", filter=Q(has_skp=False)),
        EVALUATION: Count("pk", filter=planned & Q(has_evaluation=False)),
    }
    if period != ANNUAL:
        counts[REALISATION] = Count("pk", filter=planned & Q(has_realisation=False))
    return list(
        annotated_employees(cycle, period, list(opd_ids))
        .values("opd_key")
        .annotate(**counts)
        .order_by()
    )


def completeness(cycle: Cycle, period: int, opd_ids=None, opds=None) -> list[OpdGaps]:
    """Per OPD (all, or these ids), sorted by name: the number of employees and who has which gap.

    Three queries whatever the number of OPDs or people (two given `opds`, as gap_counts; one
    more for a few OPDs, _people_of_few)."""
    rows = _opd_rows(cycle, period, opd_ids, opds)
    if not rows:
        return []
    people = (
        _people_of_few(list(rows)) if len(rows) <= FEW_OPDS else monitored_employees(list(rows))
    )
    totals = (
        people.annotate(opd_key=_opd_of_position())
        .values("opd_key")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for item in totals:
        if item["opd_key"] in rows:
            rows[item["opd_key"]].employees = item["n"]
    fields = ["opd_key", "nip", "name", "position__unit__name", "position__unit__code"]
    fields += ["has_skp", "has_evaluation"]
    if period != ANNUAL:
        fields.append("has_realisation")
    gapped = (
        annotated_employees(cycle, period, list(rows), people)
        .filter(_gap_filter(period))
        # By OPD first: the lists are per OPD anyway, and sorting by name alone tempted
        # PostgreSQL to walk the name index through a whole province to find one OPD's people.
        .order_by("opd_key", "name", "nip")
        .values_list(*fields, named=True)
    )
    for item in gapped.iterator(chunk_size=5000):
        row = rows.get(item.opd_key)
        if row is None:
            continue
        person = Person(
            item.nip, item.name, unit_label(item.position__unit__name, item.position__unit__code)
        )
        if not item.has_skp:
            row.gaps[SKP].append(person)
            continue
        if period != ANNUAL and not item.has_realisation:
            row.gaps[REALISATION].append(person)
        if not item.has_evaluation:
            row.gaps[EVALUATION].append(person)
    return list(rows.values())


def total_gaps(report: list[OpdGaps]) -> int:
    return sum(row.gap_count for row in report)


# How many names per OPD and gap kind a closure keeps in its record: the counts are complete,
# the names are a sample (a province-wide gap list would be megabytes of JSON per closure).
NAMES_KEPT = 50


def gaps_summary(report: list[OpdGaps]) -> dict:
    """The record stored with a closure: per OPD with gaps, the counts and the first NIPs."""
    return {
        "gap_count": total_gaps(report),
        "opds": [
            {
                "code": row.opd.code,
                "name": row.opd.name,
                "employees": row.employees,
                "counts": {kind: row.count(kind) for kind in GAP_KINDS},
                "nips": {kind: [p.nip for p in row.gaps[kind][:NAMES_KEPT]] for kind in GAP_KINDS},
            }
            for row in report
            if row.gap_count
        ],
    }
