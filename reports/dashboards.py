"""Numbers for the dashboard charts, each computed from the data in a few grouped queries.

- Predicate distribution against the curve: finalised predicates of a period (one per employee,
  by their latest SKP) and, for the OPDs whose organisational predicate is set, the counts their
  distribution pattern allows at most / needs at least, summed (each OPD judged on its own size,
  caps rounded down and floors up by rules.Limit.allowed).
- Completion over time: per period of the cycle and for the year, the share of active employees
  with an approved SKP covering the period, a submitted realisation and a finalised evaluation
  (appraisal.closing.completeness's own definitions), per OPD and for the whole scope.
- An employee's own history: their annual predicate and ratings year by year.
- Public feedback over the cycle's year: responses per month and the monthly average per service
  aspect, for the units in scope (feedback.public.selectors.summary: one grouped query; hidden
  comments' ratings count).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.org.models import Employee, OrgUnit
from appraisal import rules
from appraisal.calibration.services import limits_for
from appraisal.choices import ANNUAL, EvaluationStatus
from appraisal.closing.completeness import annotated_employees, gap_flags
from appraisal.cycles.models import Cycle, UnitPredicate
from appraisal.evaluation.models import Evaluation
from feedback.public import selectors as selectors_public
from reports.exporters.base import period_label
from reports.scope import ReportScope, scope_opds
from reports.selectors import PREDICATE_LABELS, RATING_LABELS

_TENTH = Decimal("0.1")


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(_TENTH, rounding=ROUND_HALF_UP)


def _as_number(value: Decimal | None) -> float | None:
    # Chart.js wants JSON numbers; the tables show the Decimal itself.
    return float(value) if value is not None else None


def distribution(cycle: Cycle, period: int, scope: ReportScope, opd: OrgUnit | None) -> dict:
    """Actual predicates against the summed patterns of the OPDs (three queries)."""
    per_opd = _predicates_per_opd(cycle, period, scope, opd)
    actual: Counter = Counter()
    for counts in per_opd.values():
        actual.update(counts)
    curve = _Curve()
    if scope.is_admin and per_opd:
        curve.add_patterns(cycle, period, per_opd)
    labels = [" + ".join(p.label for p in key) for key in curve.columns]
    values = [sum(actual.get(p, 0) for p in key) for key in curve.columns]
    return {
        "chart": {
            "labels": labels,
            "actual": values,
            "most": curve.most,
            "least": curve.least,
            "names": {
                "actual": _("Actual"),
                "most": _("Allowed at most"),
                "least": _("Needed at least"),
            },
        },
        "rows": list(zip(labels, values, curve.most, curve.least, strict=True)),
        "total": sum(actual.values()),
        "opds_counted": len(per_opd),
        "opds_patterned": curve.patterned,
    }


def _predicates_per_opd(
    cycle: Cycle, period: int, scope: ReportScope, opd: OrgUnit | None
) -> dict[int, Counter]:
    """The finalised predicates of the period per OPD, one per employee: their latest SKP's."""
    rows = (
        Evaluation.objects.filter(
            scope.employees_q(opd),
            skp__cycle=cycle,
            period=period,
            status=EvaluationStatus.FINALISED,
        )
        .annotate(opd_key=Coalesce(F("skp__position__unit__opd_id"), F("skp__position__unit_id")))
        .order_by("skp__employee_id", "-skp__start_date", "-pk")
        .values_list("skp__employee_id", "predicate", "opd_key")
    )
    per_opd: dict[int, Counter] = defaultdict(Counter)
    previous = None
    for employee_id, predicate, opd_key in rows.iterator(chunk_size=5000):
        if employee_id != previous:
            previous = employee_id
            per_opd[opd_key][rules.Predicate[predicate]] += 1
    return per_opd


class _Curve:
    """The chart's columns (one per predicate, then the groups a pattern limits together) and,
    per column, the most the OPDs' patterns allow and the least they need, summed."""

    def __init__(self):
        self.columns: list[tuple[rules.Predicate, ...]] = [(p,) for p in rules.Predicate]
        self.most: list[int | None] = [None] * len(self.columns)
        self.least: list[int | None] = [None] * len(self.columns)
        self.patterned = 0

    def add_patterns(self, cycle: Cycle, period: int, per_opd: dict[int, Counter]) -> None:
        """Each OPD with an organisational predicate adds its pattern's limits for its size."""
        limits = limits_for(cycle)
        org_predicates = UnitPredicate.objects.filter(
            cycle=cycle, period=period, unit_id__in=list(per_opd)
        ).values_list("unit_id", "predicate")
        for unit_id, org_name in org_predicates:
            self.patterned += 1
            total = sum(per_opd[unit_id].values())
            for limit in limits.get(rules.OrgPredicate[org_name], ()):
                index = self._column(limit.predicates)
                target = self.most if limit.bound is rules.Bound.AT_MOST else self.least
                target[index] = (target[index] or 0) + limit.allowed(total)

    def _column(self, predicates: tuple[rules.Predicate, ...]) -> int:
        if predicates not in self.columns:
            self.columns.append(predicates)
            self.most.append(None)
            self.least.append(None)
        return self.columns.index(predicates)


def completion(cycle: Cycle, scope: ReportScope, opd: OrgUnit | None) -> dict:
    """SKP approved, realisation submitted and evaluation finalised, per period and per OPD.

    Two queries: the OPDs, then one grouped count for every period at once (one pass over a
    province's employees rather than one per period)."""
    opds = list(scope_opds(scope).filter(pk=opd.pk) if opd is not None else scope_opds(scope))
    numbers = [p.number for p in cycle.periods] + [ANNUAL]
    labels = [period_label(cycle, n) for n in numbers]
    totals, by_opd = _completion_counts(cycle, scope, [o.pk for o in opds], numbers)

    def series(key: str) -> list[Decimal | None]:
        return [
            percent(totals[n][key], totals[n]["total"])
            if key != "realised" or n != ANNUAL
            else None
            for n in numbers
        ]

    lines = {key: series(key) for key in ("skp", "realised", "evaluated")}
    return {
        "labels": labels,
        "lines": lines,
        "rows": list(zip(labels, lines["skp"], lines["realised"], lines["evaluated"], strict=True)),
        "opd_rows": _evaluated_per_opd(opds, by_opd, numbers),
        "people": totals[ANNUAL]["total"],
        "chart": _completion_chart(labels, lines),
    }


_COUNTED = {"skp": "has_skp", "evaluated": "has_evaluation", "realised": "has_realisation"}


def _completion_counts(
    cycle: Cycle, scope: ReportScope, opd_ids: list[int], numbers: list[int]
) -> tuple[dict[int, Counter], dict[int, dict[int, Counter]]]:
    """Per period: the people counted (`total`) and those with each step done, for the whole
    scope and per OPD (one grouped query)."""
    flags, aggregates = {}, {"total": Count("pk")}
    for number in numbers:
        for name, flag in gap_flags(cycle, number).items():
            flags[f"{name}_{number}"] = flag
        for key, name in _COUNTED.items():
            if f"{name}_{number}" in flags:
                aggregates[f"{key}_{number}"] = Count("pk", filter=Q(**{f"{name}_{number}": True}))
    people = annotated_employees(cycle, ANNUAL, opd_ids).alias(**flags)
    if scope.employee_ids is not None:
        people = people.filter(pk__in=sorted(scope.employee_ids))
    totals = {n: Counter() for n in numbers}
    by_opd: dict[int, dict[int, Counter]] = defaultdict(dict)
    for item in people.values("opd_key").annotate(**aggregates).order_by():
        for number in numbers:
            counts = Counter({"total": item["total"]})
            counts.update(
                {key: item[f"{key}_{number}"] for key in _COUNTED if f"{key}_{number}" in item}
            )
            by_opd[item["opd_key"]][number] = counts
            totals[number].update(counts)
    return totals, by_opd


def _evaluated_per_opd(opds: list[OrgUnit], by_opd: dict, numbers: list[int]) -> list[tuple]:
    """Each OPD's share of evaluations finalised per period, as plain values (the page may keep
    them a minute)."""
    return [
        (
            {"code": o.code, "name": o.name, "label": o.label},
            [
                percent(
                    by_opd[o.pk].get(n, Counter())["evaluated"],
                    by_opd[o.pk].get(n, Counter())["total"],
                )
                for n in numbers
            ],
        )
        for o in opds
    ]


def _completion_chart(labels: list[str], lines: dict[str, list]) -> dict:
    return {
        "labels": labels,
        "datasets": [
            {"label": _("SKP approved (%)"), "data": [_as_number(v) for v in lines["skp"]]},
            {
                "label": _("Realisation submitted (%)"),
                "data": [_as_number(v) for v in lines["realised"]],
            },
            {
                "label": _("Evaluation finalised (%)"),
                "data": [_as_number(v) for v in lines["evaluated"]],
            },
        ],
    }


def history(employee: Employee) -> dict:
    """The employee's finalised annual results, one per year (the latest SKP's). One query."""
    rows = (
        Evaluation.objects.filter(
            skp__employee=employee,
            skp__cycle__practice=False,
            period=ANNUAL,
            status=EvaluationStatus.FINALISED,
        )
        .order_by("skp__cycle__year", "-skp__start_date", "-pk")
        .values_list("skp__cycle__year", "predicate", "rating_hasil", "rating_perilaku")
    )
    years: dict[int, tuple[str, str, str]] = {}
    for year, predicate, hasil, perilaku in rows:
        years.setdefault(year, (predicate, hasil, perilaku))
    table = [
        (
            year,
            PREDICATE_LABELS[predicate],
            RATING_LABELS[hasil],
            RATING_LABELS[perilaku],
        )
        for year, (predicate, hasil, perilaku) in sorted(years.items())
    ]
    return {
        "rows": table,
        "chart": {
            "labels": [str(year) for year in sorted(years)],
            "data": [rules.Predicate[years[y][0]].value for y in sorted(years)],
            "ticks": {str(p.value): p.label for p in rules.Predicate},
            "name": _("Predicate"),
        },
    }


def public_feedback(cycle: Cycle, scope: ReportScope, opd: OrgUnit | None) -> dict:
    """Public feedback of the scope's units over the cycle's year (admins: the OPD(s); a PPK:
    the units of their team's posts and their team's own links). Two queries at most."""
    ids = [opd.pk] if opd is not None else scope.opd_ids
    condition = Q()
    if ids is not None:
        ids = sorted(ids)
        condition &= Q(channel__unit__opd_id__in=ids) | Q(channel__unit_id__in=ids)
    if scope.employee_ids is not None:
        team = sorted(scope.employee_ids)
        units = Employee.objects.filter(pk__in=team, position__isnull=False).values(
            "position__unit_id"
        )
        condition &= Q(channel__employee_id__in=team) | Q(
            channel__employee__isnull=True, channel__unit_id__in=units
        )
    start, end = dt.date(cycle.year, 1, 1), dt.date(cycle.year, 12, 31)
    summary = selectors_public.summary(condition, start, end)
    return {"summary": summary, "chart": summary.chart()}
